#include "fetch.h"

#include <ada.h>
#include <simdutf.h>

#include <cctype>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "../core/ascii.h"
#include "../core/errors.h"
#include "../core/runtime.h"
#include "../core/v8_strings.h"
#include "net/http_client.h"
#include "telemetry.h"
#include "telemetry/feed.h"

namespace nano {

namespace {

using telemetry::FetchPhase;

constexpr uint64_t kDefaultConnectTimeoutMs = 30000;
constexpr uint64_t kDefaultReadTimeoutMs = 300000;
constexpr int kMaxRedirects = 20;
constexpr double kBytesPublishIntervalMs = 50;

// --- data: URLs (Fetch "data: URL processor", MIME Sniffing "parse a MIME type") --

bool isHttpWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isAsciiWhitespace(char c) { return isHttpWhitespace(c) || c == '\f'; }

bool isTokenChar(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool allToken(std::string_view s) {
  for (unsigned char c : s)
    if (!isTokenChar(c)) return false;
  return true;
}

bool isQuotedStringChar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

std::string_view trim(std::string_view s, bool (*ws)(char)) {
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

// Parses a MIME type and returns its serialization, or nothing on failure.
std::optional<std::string> parseAndSerializeMime(std::string_view input) {
  input = trim(input, isHttpWhitespace);
  size_t slash = input.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view type = input.substr(0, slash);
  size_t pos = slash + 1;
  size_t semicolon = input.find(';', pos);
  std::string_view subtype = input.substr(pos, semicolon == std::string_view::npos ? std::string_view::npos
                                                                                     : semicolon - pos);
  while (!subtype.empty() && isHttpWhitespace(subtype.back())) subtype.remove_suffix(1);
  if (type.empty() || !allToken(type) || subtype.empty() || !allToken(subtype)) return std::nullopt;
  std::string out = asciiLowerCopy(type) + "/" + asciiLowerCopy(subtype);
  std::vector<std::string> names;
  pos = semicolon == std::string_view::npos ? input.size() : semicolon;
  while (pos < input.size()) {
    ++pos;  // ';'
    while (pos < input.size() && isHttpWhitespace(input[pos])) ++pos;
    size_t nameEnd = pos;
    while (nameEnd < input.size() && input[nameEnd] != ';' && input[nameEnd] != '=') ++nameEnd;
    std::string name = asciiLowerCopy(input.substr(pos, nameEnd - pos));
    pos = nameEnd;
    if (pos < input.size()) {
      if (input[pos] == ';') continue;
      ++pos;  // '='
    }
    if (pos >= input.size()) break;
    std::string value;
    if (input[pos] == '"') {
      ++pos;
      for (;;) {
        while (pos < input.size() && input[pos] != '"' && input[pos] != '\\') value += input[pos++];
        if (pos >= input.size()) break;
        char quoteOrBackslash = input[pos++];
        if (quoteOrBackslash == '\\') {
          if (pos >= input.size()) {
            value += '\\';
            break;
          }
          value += input[pos++];
        } else {
          break;
        }
      }
      while (pos < input.size() && input[pos] != ';') ++pos;
    } else {
      size_t end = input.find(';', pos);
      if (end == std::string_view::npos) end = input.size();
      std::string_view raw = input.substr(pos, end - pos);
      while (!raw.empty() && isHttpWhitespace(raw.back())) raw.remove_suffix(1);
      pos = end;
      if (raw.empty()) continue;
      value = raw;
    }
    bool valueOk = true;
    for (unsigned char c : value) valueOk = valueOk && isQuotedStringChar(c);
    if (name.empty() || !allToken(name) || !valueOk) continue;
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    names.push_back(name);
    out += ';' + name + '=';
    if (!value.empty() && allToken(value)) {
      out += value;
    } else {
      out += '"';
      for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    }
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecode(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '%' && i + 2 < input.size()) {
      int hi = hexValue(input[i + 1]);
      int lo = hexValue(input[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += input[i];
  }
  return out;
}

struct DataUrl {
  std::string mimeType;
  std::string body;
};

std::optional<DataUrl> processDataUrl(const ada::url_aggregator& url) {
  std::string_view href = url.get_href();
  std::string_view hash = url.get_hash();
  if (url.has_hash()) href.remove_suffix(hash.size() ? hash.size() : 1);
  std::string_view input = href.substr(url.get_protocol().size());
  size_t comma = input.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string mimeType(trim(input.substr(0, comma), isAsciiWhitespace));
  std::string body = percentDecode(input.substr(comma + 1));
  // ";base64" (any case, spaces allowed before it) at the end of the type.
  if (mimeType.size() >= 6 && asciiLowerCopy(std::string_view(mimeType).substr(mimeType.size() - 6)) == "base64") {
    size_t end = mimeType.size() - 6;
    while (end > 0 && mimeType[end - 1] == ' ') --end;
    if (end > 0 && mimeType[end - 1] == ';') {
      std::string decoded(simdutf::maximal_binary_length_from_base64(body.data(), body.size()), '\0');
      simdutf::result r = simdutf::base64_to_binary(body.data(), body.size(), decoded.data());
      if (r.error != simdutf::SUCCESS) return std::nullopt;
      decoded.resize(r.count);
      body = std::move(decoded);
      mimeType.resize(end - 1);
    }
  }
  if (!mimeType.empty() && mimeType.front() == ';') mimeType = "text/plain" + mimeType;
  std::optional<std::string> serialized = parseAndSerializeMime(mimeType);
  return DataUrl{serialized ? *serialized : "text/plain;charset=US-ASCII", std::move(body)};
}

// --- V8 helpers -------------------------------------------------------------------

// Results of V8 calls below are ignored rather than Check()ed: after nano.exit()
// terminates execution they fail, and a network callback must not abort then.

std::string utf8Bytes(v8::Isolate* isolate, v8::Local<v8::String> string) {
  std::string out(static_cast<size_t>(string->Utf8Length(isolate)), '\0');
  string->WriteUtf8(isolate, out.data(), static_cast<int>(out.size()), nullptr,
                    v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  return out;
}

bool viewBytes(v8::Local<v8::Value> value, std::string* out) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    out->resize(view->ByteLength());
    if (!out->empty()) view->CopyContents(out->data(), out->size());
    return true;
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    const char* data = static_cast<const char*>(buffer->Data());
    out->assign(data, data + buffer->ByteLength());
    return true;
  }
  return false;
}

// The bytes become the ArrayBuffer's memory: no copy, no zero-filling.
v8::Local<v8::Uint8Array> adoptBytes(v8::Isolate* isolate, std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  size_t length = owned->size();
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      owned->data(), length, [](void*, size_t, void* owner) { delete static_cast<std::string*>(owner); }, owned);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  return v8::Uint8Array::New(buffer, 0, length);
}

// TypeError("fetch failed") with a cause Error carrying {code, message}, as
// Node's fetch reports network errors.
v8::Local<v8::Value> fetchError(v8::Isolate* isolate, const NetError& error) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto result = v8::Exception::TypeError(toV8String(isolate, "fetch failed")).As<v8::Object>();
  auto cause = v8::Exception::Error(toV8String(isolate, error.message)).As<v8::Object>();
  cause->Set(context, toV8String(isolate, "code"), toV8String(isolate, error.code)).FromMaybe(false);
  result->DefineOwnProperty(context, toV8String(isolate, "cause"), cause, v8::DontEnum).FromMaybe(false);
  return result;
}

v8::Local<v8::Value> fetchErrorWithCause(v8::Isolate* isolate, v8::Local<v8::Value> cause) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto result = v8::Exception::TypeError(toV8String(isolate, "fetch failed")).As<v8::Object>();
  result->DefineOwnProperty(context, toV8String(isolate, "cause"), cause, v8::DontEnum).FromMaybe(false);
  return result;
}

// --- Per-runtime state --------------------------------------------------------------

class FetchRequest;

class FetchState {
 public:
  explicit FetchState(Runtime& runtime) : runtime(runtime), client(runtime.loop()) {}
  ~FetchState();

  FetchRequest* find(v8::Isolate* isolate, v8::Local<v8::Value> id);
  void remove(uint64_t id) { requests.erase(id); }
  // A paused body stream was garbage-collected: cancel its fetch soon, outside GC.
  void scheduleCollected(uint64_t id);

  // The name of a JS callback as a key, made once (a fetch calls a few).
  v8::Local<v8::String> callbackName(std::string_view name) {
    v8::Isolate* isolate = runtime.isolate();
    auto [it, inserted] = m_callbackNames.try_emplace(name);
    if (inserted) it->second.Set(isolate, toV8String(isolate, name));
    return it->second.Get(isolate);
  }

  Runtime& runtime;
  HttpClient client;
  std::unordered_map<uint64_t, std::unique_ptr<FetchRequest>> requests;
  uint64_t nextId = 1;
  int depth = 0;  // > 0 while JS is on the stack (an op) or native code is calling JS

 private:
  void cancelCollected();
  std::vector<uint64_t> m_collected;
  std::unique_ptr<UvTimer> m_collectTimer;
  std::unordered_map<std::string_view, v8::Eternal<v8::String>> m_callbackNames;  // keys: literals
};

// Native code calling JS: microtasks run when the outermost entry from the
// loop ends; inside an op they wait for the script that called it.
// From the loop, the call runs for the request that started the fetch.
class JsEntry {
 public:
  JsEntry(FetchState& state, RequestId request) : m_state(state), m_scope(state.runtime) {
    if (m_state.depth++ == 0) m_forRequest.emplace(state.runtime, request);
  }
  ~JsEntry() {
    if (--m_state.depth == 0) m_state.runtime.checkpoint();
  }

 private:
  FetchState& m_state;
  RuntimeScope m_scope;
  std::optional<RequestCallbackScope> m_forRequest;
};

class OpEntry {
 public:
  explicit OpEntry(FetchState& state) : m_state(state) { ++m_state.depth; }
  ~OpEntry() { --m_state.depth; }

 private:
  FetchState& m_state;
};

enum class RedirectMode { Follow, Error, Manual };

// One fetch(): owns the promise's resolver, follows redirects, feeds the
// response body to JS and reports itself to telemetry.
class FetchRequest final : public HttpExchangeDelegate {
 public:
  FetchRequest(FetchState& state, uint64_t id) : m_state(state), m_id(id) {}
  ~FetchRequest() override {
    *m_alive = false;
    m_exchange.reset();
    m_resolver.Reset();
    m_callbacks.Reset();
  }

  uint64_t id() const { return m_id; }

  // Filled in by op_fetch_start.
  std::string method;
  ada::url_aggregator url;
  HeaderList headers;
  std::optional<std::string> body;
  bool bodyStream = false;
  RedirectMode redirect = RedirectMode::Follow;
  uint64_t connectTimeoutMs = kDefaultConnectTimeoutMs;
  uint64_t readTimeoutMs = kDefaultReadTimeoutMs;

  // The fetch's promise resolver and the JS callbacks (response, chunk, end,
  // error, pullBody, dropBody) are owned here until the fetch is over.
  void start(v8::Local<v8::Promise::Resolver> resolver, v8::Local<v8::Object> callbacks) {
    v8::Isolate* isolate = m_state.runtime.isolate();
    m_resolver.Reset(isolate, resolver);
    m_callbacks.Reset(isolate, callbacks);
    m_request = currentRequest(isolate);
    if (m_request) m_op.request = m_request;
    if (RequestObserver* observer = m_state.runtime.requestObserver()) observer->fetchStarted(m_request, m_id);
    static const telemetry::Text kFetch = telemetry::Text::intern("fetch");
    m_pendingPromise = openPendingPromise(m_state.runtime, kFetch);
    m_op.id = m_id;
    m_op.method = telemetry::Text::httpMethod(method);
    m_op.url = url.get_href();
    m_urlList.emplace_back(url.get_href());
    if (telemetry::Feed* feed = m_state.runtime.telemetry()) {
      double now = feed->now();
      m_op.phaseStart[static_cast<int>(FetchPhase::Queued)] = now;
      feed->publish(telemetry::Op::Open, m_op, now);
    }
    startHop();
  }

  void abort(v8::Local<v8::Value> reason) {
    if (m_stage == Stage::Finished) return;
    dropExchange();
    if (m_stage == Stage::Pending) settle(false, reason);
    finish(FetchPhase::Aborted, "aborted: " + describe(reason));
  }

  void resumeBody() {
    m_consumerFull = false;
    holdCallbacks(true);
    if (m_exchange) m_exchange->resume();
  }

  void cancelBody() {
    if (m_stage == Stage::Finished) return;
    dropExchange();
    finish(FetchPhase::Aborted, "response body cancelled");
  }

  void writeBody(std::string chunk) {
    if (m_exchange) m_exchange->writeBodyChunk(std::move(chunk));
  }
  void endBody() {
    if (m_exchange) m_exchange->finishBody();
  }
  // Reading the request body stream failed: a network error whose cause is the error.
  void failBody(v8::Local<v8::Value> error) {
    if (m_stage == Stage::Finished) return;
    v8::Isolate* isolate = m_state.runtime.isolate();
    dropExchange();
    v8::Local<v8::Value> wrapped = fetchErrorWithCause(isolate, error);
    if (m_stage == Stage::Pending)
      settle(false, wrapped);
    else if (m_hasBody)
      callJs("error", 1, &wrapped);
    finish(FetchPhase::Failed, "request body: " + describe(error));
  }

  // HttpExchangeDelegate
  void onExchangePhase(FetchPhase phase) override { setPhase(phase); }

  void onRequestBodyWanted() override {
    JsEntry entry(m_state, m_request);
    callJs("pullBody", 0, nullptr);
  }

  void onResponseHead(HttpResponseHead head) override {
    JsEntry entry(m_state, m_request);
    m_op.status = head.status;
    publishBytes(true);
    int status = head.status;
    bool isRedirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (isRedirect && redirect != RedirectMode::Manual) {
      const std::string* location = nullptr;
      for (const auto& [name, value] : head.headers)
        if (name == "location") location = &value;
      if (location) {
        if (redirect == RedirectMode::Error) {
          return networkError({"ERR_REDIRECT", "redirect mode is \"error\" but the server redirected (" +
                                                   std::to_string(status) + ") to " + *location});
        }
        return followRedirect(status, *location);
      }
    }
    m_hasBody = method != "HEAD" && status != 101 && status != 103 && status != 204 && status != 205 &&
                status != 304;
    if (m_hasBody) {
      // A small body usually comes in with its head: held back until the
      // exchange has delivered what it had, the head, the body so far and
      // its end reach JS in one call instead of three.
      m_deferredHead = std::move(head);
      return;
    }
    deliverResponse(std::move(head), {}, false);
  }

  // The response head to JS (the promise fulfils), with the body that came
  // with it and whether that was all of it.
  void deliverResponse(HttpResponseHead head, std::string firstChunk, bool complete) {
    v8::Isolate* isolate = m_state.runtime.isolate();
    int status = head.status;
    // Arrays made from their elements in one call: Set() by index goes
    // through V8's generic element store each time.
    std::vector<v8::Local<v8::Value>> items;
    items.reserve(head.headers.size() * 2);
    for (const auto& [name, value] : head.headers) {
      items.push_back(latin1ToV8(isolate, name));
      items.push_back(latin1ToV8(isolate, value));
    }
    v8::Local<v8::Array> headerList = v8::Array::New(isolate, items.data(), items.size());
    items.clear();
    for (const std::string& url : m_urlList) items.push_back(toV8String(isolate, url));
    v8::Local<v8::Array> urlList = v8::Array::New(isolate, items.data(), items.size());
    v8::Local<v8::Value> chunk = v8::Undefined(isolate);
    if (!firstChunk.empty()) chunk = adoptBytes(isolate, std::move(firstChunk));
    v8::Local<v8::Value> argv[] = {v8::Integer::New(isolate, status), latin1ToV8(isolate, head.statusText),
                                   headerList, urlList, v8::Boolean::New(isolate, m_urlList.size() > 1),
                                   v8::Boolean::New(isolate, m_hasBody), chunk,
                                   v8::Boolean::New(isolate, complete)};
    v8::Local<v8::Value> exception;
    v8::Local<v8::Value> response;
    if (!callJs("response", 8, argv, &exception).ToLocal(&response)) {
      dropExchange();
      settle(false, exception);
      return finish(FetchPhase::Failed, "creating the Response failed: " + describe(exception));
    }
    m_stage = Stage::Body;
    settle(true, response);
  }

  // Delivers a held-back head with the body gathered so far. False when the
  // fetch ended meanwhile (or this object is gone).
  bool deliverDeferred(bool complete) {
    if (!m_deferredHead) return true;
    auto alive = m_alive;
    HttpResponseHead head = std::move(*m_deferredHead);
    m_deferredHead.reset();
    publishBytes(false);
    deliverResponse(std::move(head), std::exchange(m_earlyBody, {}), complete);
    return *alive && m_stage != Stage::Finished;
  }

  void onInputDrained() override {
    if (!m_deferredHead) return;
    JsEntry entry(m_state, m_request);
    deliverDeferred(false);
  }

  bool onResponseBody(std::string data) override {
    auto alive = m_alive;
    {
      JsEntry entry(m_state, m_request);
      if (!m_hasBody) return true;
      if (m_deferredHead) {
        if (m_earlyBody.size() + data.size() <= kEarlyBodyBytes) {
          m_earlyBody += data;
          return true;
        }
        if (!deliverDeferred(false)) return false;
      }
      publishBytes(false);
      v8::Local<v8::Value> chunk = adoptBytes(m_state.runtime.isolate(), std::move(data));
      v8::Local<v8::Value> more;
      m_consumerFull = !callJs("chunk", 1, &chunk).ToLocal(&more) || !more->IsTrue();
      // Microtasks run as the entry ends: a read they start clears m_consumerFull.
    }
    if (!*alive) return false;
    // Paused with a full queue, the body can only move if someone still holds
    // the stream: hold it weakly until a read resumes it.
    if (m_consumerFull) holdCallbacks(false);
    return !m_consumerFull;
  }

  // The body stream (and the response) was collected while paused.
  void collected() {
    if (m_stage == Stage::Finished) return;
    dropExchange();
    finish(FetchPhase::Aborted, "response body garbage-collected before it was read");
  }

  void onResponseComplete() override {
    JsEntry entry(m_state, m_request);
    if (m_deferredHead) {
      if (!deliverDeferred(true)) return;
    } else if (m_hasBody) {
      callJs("end", 0, nullptr);
    }
    finish(FetchPhase::Done, "");
  }

  void onExchangeError(const NetError& error) override {
    // The head was in: the Response is given, then its body errors.
    if (m_deferredHead) {
      JsEntry entry(m_state, m_request);
      if (!deliverDeferred(false)) return;
    }
    networkError(error);
  }

 private:
  enum class Stage { Pending, Body, Finished };

  void startHop() {
    std::string_view protocol = url.get_protocol();
    if (protocol == "data:") return fetchDataUrl();
    if (protocol != "http:" && protocol != "https:") {
      return networkError({"ERR_UNSUPPORTED_SCHEME",
                           "fetching \"" + std::string(protocol.substr(0, protocol.size() - 1)) +
                               ":\" URLs is not supported"});
    }
    Origin origin;
    origin.tls = protocol == "https:";
    origin.host = std::string(url.get_hostname());
    std::string_view port = url.get_port();
    origin.port = port.empty() ? (origin.tls ? 443 : 80) : std::stoi(std::string(port));

    HttpRequestHead head;
    head.method = method;
    head.target = std::string(url.get_pathname()) + std::string(url.get_search());
    if (head.target.empty() || head.target[0] != '/') head.target.insert(head.target.begin(), '/');
    head.headers.reserve(headers.size() + 5);  // with host, accept, accept-encoding, user-agent, framing
    head.headers.emplace_back("host", std::string(url.get_host()));
    bool hasAccept = false;
    bool hasEncoding = false;
    bool hasAgent = false;
    for (const auto& [name, value] : headers) {
      // Framing and connection management are the client's.
      if (name == "host" || name == "content-length" || name == "transfer-encoding" || name == "connection" ||
          name == "keep-alive" || name == "upgrade" || name == "te" || name == "trailer")
        continue;
      hasAccept = hasAccept || name == "accept";
      hasEncoding = hasEncoding || name == "accept-encoding";
      hasAgent = hasAgent || name == "user-agent";
      head.headers.emplace_back(name, value);
    }
    if (!hasAccept) head.headers.emplace_back("accept", "*/*");
    if (!hasEncoding) head.headers.emplace_back("accept-encoding", "gzip, deflate, br");
    if (!hasAgent) head.headers.emplace_back("user-agent", std::string("nano/") + NANO_VERSION);
    HttpExchange::BodyMode mode = HttpExchange::BodyMode::None;
    std::string payload;
    if (body) {
      mode = HttpExchange::BodyMode::Full;
      payload = *body;
      head.headers.emplace_back("content-length", std::to_string(payload.size()));
    } else if (bodyStream) {
      mode = HttpExchange::BodyMode::Stream;
      head.headers.emplace_back("transfer-encoding", "chunked");
    } else if (method == "POST" || method == "PUT") {
      head.headers.emplace_back("content-length", "0");
    }
    HttpExchangeOptions options;
    options.connectTimeoutMs = connectTimeoutMs;
    options.readTimeoutMs = readTimeoutMs;
    options.headRequest = method == "HEAD";
    if (origin.tls) m_state.client.tlsContext();
    m_exchange = std::make_unique<HttpExchange>(m_state.client, std::move(origin), std::move(head), mode,
                                                std::move(payload), options, this);
    if (std::string warning = m_state.client.takeWarning(); !warning.empty())
      m_state.runtime.write(OutputStream::Stderr, warning);
    m_exchange->start();
  }

  void fetchDataUrl() {
    std::optional<DataUrl> data = processDataUrl(url);
    if (!data) return networkError({"ERR_INVALID_URL", "invalid data: URL"});
    HttpResponseHead head;
    head.status = 200;
    head.statusText = "OK";
    head.headers.emplace_back("content-type", data->mimeType);
    auto alive = m_alive;
    setPhase(FetchPhase::Receiving);
    onResponseHead(std::move(head));
    if (!*alive || m_stage == Stage::Finished) return;
    m_receivedBefore = data->body.size();
    if (!data->body.empty()) {
      onResponseBody(std::move(data->body));
      if (!*alive || m_stage == Stage::Finished) return;
    }
    onResponseComplete();
  }

  // Fetch "HTTP-redirect fetch", steps 3-19 that apply outside browsers.
  void followRedirect(int status, const std::string& location) {
    auto next = ada::parse<ada::url_aggregator>(location, &url);
    if (!next) return networkError({"ERR_INVALID_REDIRECT", "invalid redirect location: " + location});
    std::string_view protocol = next->get_protocol();
    if (protocol != "http:" && protocol != "https:")
      return networkError({"ERR_INVALID_REDIRECT", "redirect to a non-HTTP(S) URL: " + std::string(next->get_href())});
    if (m_redirects >= kMaxRedirects)
      return networkError({"ERR_TOO_MANY_REDIRECTS", "too many redirects (more than " +
                                                          std::to_string(kMaxRedirects) + ")"});
    ++m_redirects;
    if (status != 303 && bodyStream)
      return networkError({"ERR_REDIRECT_BODY", "cannot follow a " + std::to_string(status) +
                                                    " redirect with a streamed request body"});
    if (((status == 301 || status == 302) && method == "POST") ||
        (status == 303 && method != "GET" && method != "HEAD")) {
      method = "GET";
      body.reset();
      if (bodyStream) {
        bodyStream = false;
        JsEntry entry(m_state, m_request);
        callJs("dropBody", 0, nullptr);
      }
      std::erase_if(headers, [](const auto& h) {
        return h.first == "content-encoding" || h.first == "content-language" ||
               h.first == "content-location" || h.first == "content-type";
      });
    }
    if (next->get_origin() != url.get_origin())
      std::erase_if(headers, [](const auto& h) { return h.first == "authorization"; });
    if (!next->has_hash() && url.has_hash()) next->set_hash(url.get_hash());
    url = *next;
    m_urlList.emplace_back(url.get_href());
    m_op.method = telemetry::Text::httpMethod(method);
    m_op.url = url.get_href();
    // Keep the connection when the redirect's body is already in.
    m_exchange->discardBody();
    dropExchange();
    setPhase(FetchPhase::Queued);
    startHop();
  }

  void networkError(const NetError& error) {
    if (m_stage == Stage::Finished) return;
    JsEntry entry(m_state, m_request);
    v8::Local<v8::Value> value = fetchError(m_state.runtime.isolate(), error);
    dropExchange();
    if (m_stage == Stage::Pending)
      settle(false, value);
    else if (m_hasBody)
      callJs("error", 1, &value);
    if (bodyStream) callJs("dropBody", 0, nullptr);
    finish(FetchPhase::Failed, error.code + ": " + error.message);
  }

  void settle(bool fulfil, v8::Local<v8::Value> value) {
    if (m_resolver.IsEmpty()) return;
    v8::Local<v8::Promise::Resolver> resolver = m_resolver.Get(m_state.runtime.isolate());
    m_resolver.Reset();
    closePendingPromise(m_state.runtime, m_pendingPromise, fulfil);
    v8::Local<v8::Context> context = m_state.runtime.context();
    if (fulfil)
      resolver->Resolve(context, value).FromMaybe(false);
    else
      resolver->Reject(context, value).FromMaybe(false);
  }

  // The request is over: everything released, then the object deleted.
  void finish(FetchPhase phase, std::string error) {
    m_stage = Stage::Finished;
    closePendingPromise(m_state.runtime, m_pendingPromise, phase == FetchPhase::Done);
    m_resolver.Reset();
    m_callbacks.Reset();
    dropExchange();
    m_op.error = std::move(error);
    setPhase(phase, telemetry::Op::Close);
    m_state.remove(m_id);  // deletes this
  }

  // Before an exchange goes away: its byte counts join the totals of earlier hops.
  void dropExchange() {
    if (!m_exchange) return;
    m_sentBefore += m_exchange->bytesSent();
    m_receivedBefore += m_exchange->bytesReceived();
    m_exchange.reset();
  }

  void updateBytes() {
    m_op.bytesSent = m_sentBefore + (m_exchange ? m_exchange->bytesSent() : 0);
    m_op.bytesReceived = m_receivedBefore + (m_exchange ? m_exchange->bytesReceived() : 0);
  }

  // Strong while the body moves; weak while it waits for a reader. The JS
  // side keeps the callbacks reachable from the stream (record.callbacks).
  void holdCallbacks(bool strong) {
    if (m_callbacks.IsEmpty() || strong == !m_callbacks.IsWeak()) return;
    if (strong) {
      m_callbacks.ClearWeak();
      return;
    }
    m_callbacks.SetWeak(
        this,
        [](const v8::WeakCallbackInfo<FetchRequest>& info) {
          FetchRequest* self = info.GetParameter();
          self->m_callbacks.Reset();
          self->m_state.scheduleCollected(self->m_id);
        },
        v8::WeakCallbackType::kParameter);
  }

  void setPhase(FetchPhase phase, telemetry::Op op = telemetry::Op::Update) {
    updateBytes();
    bool changed = m_op.phase != phase;
    m_op.phase = phase;
    telemetry::Feed* feed = m_state.runtime.telemetry();
    if (!feed) return;
    double now = feed->now();
    if (changed || op == telemetry::Op::Close) m_op.phaseStart[static_cast<int>(phase)] = now;
    m_lastPublish = now;
    feed->publish(op, m_op, now);
  }

  void publishBytes(bool force) {
    telemetry::Feed* feed = m_state.runtime.telemetry();
    if (!feed || !m_exchange) return;
    double now = feed->now();
    if (!force && now - m_lastPublish < kBytesPublishIntervalMs) return;
    m_lastPublish = now;
    updateBytes();
    feed->publish(telemetry::Op::Update, m_op, now);
  }

  v8::MaybeLocal<v8::Value> callJs(const char* name, int argc, v8::Local<v8::Value>* argv,
                                   v8::Local<v8::Value>* exception = nullptr) {
    if (m_callbacks.IsEmpty()) return {};
    v8::Isolate* isolate = m_state.runtime.isolate();
    v8::Local<v8::Context> context = m_state.runtime.context();
    v8::Local<v8::Object> callbacks = m_callbacks.Get(isolate);
    v8::TryCatch guard(isolate);
    v8::Local<v8::Value> fn;
    v8::MaybeLocal<v8::Value> result;
    if (callbacks->Get(context, m_state.callbackName(name)).ToLocal(&fn) && fn->IsFunction())
      result = fn.As<v8::Function>()->Call(context, callbacks, argc, argv);
    if (guard.HasCaught()) {
      if (exception) {
        *exception = guard.Exception();
      } else if (guard.CanContinue()) {
        m_state.runtime.reportUncaught(guard.Exception(), guard.Message());
      }
      return {};
    }
    return result;
  }

  std::string describe(v8::Local<v8::Value> value) {
    v8::Isolate* isolate = m_state.runtime.isolate();
    if (value->IsObject()) {
      v8::Local<v8::Value> message;
      if (value.As<v8::Object>()->Get(m_state.runtime.context(), toV8String(isolate, "message")).ToLocal(&message) &&
          message->IsString())
        return toStdString(isolate, message);
    }
    return toStdString(isolate, value);
  }

  FetchState& m_state;
  uint64_t m_id;
  Stage m_stage = Stage::Pending;
  RequestId m_request = 0;              // the served request that called fetch()
  telemetry::Id m_pendingPromise = 0;  // its promise, while unsettled
  v8::Global<v8::Promise::Resolver> m_resolver;
  v8::Global<v8::Object> m_callbacks;
  std::vector<std::string> m_urlList;
  int m_redirects = 0;
  bool m_hasBody = false;
  bool m_consumerFull = false;
  // A response head held back while its first body bytes come in (at most
  // kEarlyBodyBytes, well below the body stream's high-water mark).
  static constexpr size_t kEarlyBodyBytes = 16 * 1024;
  std::optional<HttpResponseHead> m_deferredHead;
  std::string m_earlyBody;
  std::unique_ptr<HttpExchange> m_exchange;
  telemetry::FetchOp m_op;
  uint64_t m_sentBefore = 0;
  uint64_t m_receivedBefore = 0;
  double m_lastPublish = 0;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

FetchState::~FetchState() {
  // Runtime teardown: no JS runs now; requests drop their resolvers and sockets.
  auto pending = std::move(requests);
  pending.clear();
}

void FetchState::scheduleCollected(uint64_t id) {
  m_collected.push_back(id);
  if (!m_collectTimer) m_collectTimer = std::make_unique<UvTimer>(runtime.loop(), client.stats());
  if (!m_collectTimer->active()) m_collectTimer->start(0, [this] { cancelCollected(); });
}

void FetchState::cancelCollected() {
  std::vector<uint64_t> ids = std::move(m_collected);
  m_collected.clear();
  for (uint64_t id : ids) {
    auto it = requests.find(id);
    if (it != requests.end()) it->second->collected();
  }
  if (m_collected.empty()) m_collectTimer.reset();  // no handle left behind
}

FetchRequest* FetchState::find(v8::Isolate* isolate, v8::Local<v8::Value> id) {
  if (!id->IsNumber()) return nullptr;
  double value = id.As<v8::Number>()->Value();
  if (!(value >= 1)) return nullptr;
  auto it = requests.find(static_cast<uint64_t>(value));
  return it == requests.end() ? nullptr : it->second.get();
}

// --- Ops ------------------------------------------------------------------------

uint64_t timeoutOption(v8::Isolate* isolate, v8::Local<v8::Value> value, uint64_t fallback) {
  if (!value->IsNumber()) return fallback;
  double ms = value.As<v8::Number>()->Value();
  if (!std::isfinite(ms) || ms < 0) return fallback;
  return ms < 1 ? 1 : static_cast<uint64_t>(std::min(ms, 4.0e12));
}

// op_fetch_start(method, url, headers: [name, value, ...], body, bodyStream,
// redirect, connectTimeout, readTimeout, callbacks) -> [id, promise].
// Positional: made per fetch, and reading an options object costs a property
// lookup (and a key string) per field.
void opFetchStart(const v8::FunctionCallbackInfo<v8::Value>& info) {
  enum Arg {
    kMethod, kUrl, kHeaders, kBody, kBodyStream, kRedirect, kConnectTimeout, kReadTimeout, kCallbacks,
    kUrlFromInput,  // true: kUrl is fetch()'s input string, checked here as new Request(input) would
  };
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[kCallbacks]->IsObject() || !info[kUrl]->IsString())
    return throwTypeError(isolate, "op_fetch_start: bad arguments");
  FetchState& state = Runtime::from(isolate).state<FetchState>();
  OpEntry entry(state);
  // UTF-8 with lone surrogates replaced: the USVString conversion.
  std::string href = utf8Bytes(isolate, info[kUrl].As<v8::String>());
  auto parsed = ada::parse<ada::url_aggregator>(href);
  if (info[kUrlFromInput]->IsTrue()) {
    // fetch(string): the Request it stands for is not made, so its
    // constructor's URL checks (and errors) are these.
    constexpr std::string_view prefix = "Failed to construct 'Request': ";
    if (!parsed)
      return throwTypeError(isolate, std::string(prefix) + "Invalid URL: '" + href + "' (an absolute URL is required)");
    if (parsed->has_credentials())
      return throwTypeError(isolate, std::string(prefix) +
                                         "Request cannot be constructed from a URL that includes credentials: '" +
                                         href + "'");
  }
  if (!parsed) return throwTypeError(isolate, "Failed to fetch: invalid URL '" + href + "'");

  uint64_t id = state.nextId++;
  auto request = std::make_unique<FetchRequest>(state, id);
  request->url = *parsed;
  request->method = latin1Bytes(isolate, info[kMethod]);
  v8::Local<v8::Value> headers = info[kHeaders];
  if (headers->IsArray()) {
    auto list = headers.As<v8::Array>();
    request->headers.reserve(list->Length() / 2);
    for (uint32_t i = 0; i + 1 < list->Length(); i += 2) {
      v8::Local<v8::Value> name;
      v8::Local<v8::Value> value;
      if (!list->Get(context, i).ToLocal(&name) || !list->Get(context, i + 1).ToLocal(&value)) return;
      request->headers.emplace_back(asciiLowerCopy(latin1Bytes(isolate, name)), latin1Bytes(isolate, value));
    }
  }
  v8::Local<v8::Value> body = info[kBody];
  if (body->IsString()) {
    request->body = utf8Bytes(isolate, body.As<v8::String>());
  } else if (!body->IsNullOrUndefined()) {
    std::string bytes;
    if (!viewBytes(body, &bytes)) return throwTypeError(isolate, "op_fetch_start: body must be bytes or a string");
    request->body = std::move(bytes);
  }
  request->bodyStream = !request->body && info[kBodyStream]->IsTrue();
  std::string redirect = info[kRedirect]->IsString() ? toStdString(isolate, info[kRedirect]) : std::string();
  request->redirect = redirect == "error" ? RedirectMode::Error
                      : redirect == "manual" ? RedirectMode::Manual
                                             : RedirectMode::Follow;
  request->connectTimeoutMs = timeoutOption(isolate, info[kConnectTimeout], kDefaultConnectTimeoutMs);
  request->readTimeoutMs = timeoutOption(isolate, info[kReadTimeout], kDefaultReadTimeoutMs);

  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  FetchRequest* raw = request.get();
  state.requests.emplace(id, std::move(request));

  v8::Local<v8::Value> result[] = {v8::Number::New(isolate, static_cast<double>(id)), resolver->GetPromise()};
  info.GetReturnValue().Set(v8::Array::New(isolate, result, 2));
  raw->start(resolver, info[kCallbacks].As<v8::Object>());  // may settle at once (data: URLs, unsupported schemes)
}

template <void (*Action)(FetchRequest&, const v8::FunctionCallbackInfo<v8::Value>&)>
void withRequest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  FetchState& state = Runtime::from(isolate).state<FetchState>();
  OpEntry entry(state);
  if (FetchRequest* request = state.find(isolate, info[0])) Action(*request, info);
}

void abortAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>& info) {
  request.abort(info[1]);
}
void resumeAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>&) { request.resumeBody(); }
void cancelAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>&) { request.cancelBody(); }
void writeAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>& info) {
  std::string bytes;
  if (info[1]->IsString())
    bytes = utf8Bytes(info.GetIsolate(), info[1].As<v8::String>());
  else if (!viewBytes(info[1], &bytes))
    return request.failBody(v8::Exception::TypeError(
        toV8String(info.GetIsolate(), "request body chunks must be Uint8Array (got another type)")));
  request.writeBody(std::move(bytes));
}
void writeEndAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>&) { request.endBody(); }
void writeErrorAction(FetchRequest& request, const v8::FunctionCallbackInfo<v8::Value>& info) {
  request.failBody(info[1]);
}

// op_fetch_stats() -> live resources of this runtime's fetch client.
void opFetchStats(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  FetchState& state = Runtime::from(isolate).state<FetchState>();
  const NetStats& stats = *state.client.stats();
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  auto set = [&](const char* name, double value) {
    result->Set(context, toV8String(isolate, name), v8::Number::New(isolate, value)).FromMaybe(false);
  };
  set("liveConnections", static_cast<double>(stats.liveConnections));
  set("idleConnections", static_cast<double>(stats.idleConnections));
  set("pendingRequests", static_cast<double>(state.requests.size()));
  set("handles", static_cast<double>(stats.handles));
  set("dnsLookups", static_cast<double>(stats.dnsLookups));
  set("connectionsOpened", static_cast<double>(stats.connectionsOpened));
  set("connectionsReused", static_cast<double>(stats.connectionsReused));
  info.GetReturnValue().Set(result);
}

}  // namespace

void installFetchOps(OpsBuilder& ops) {
  ops.add("op_fetch_start", opFetchStart, 10);
  ops.add("op_fetch_abort", withRequest<abortAction>, 2);
  ops.add("op_fetch_resume", withRequest<resumeAction>, 1);
  ops.add("op_fetch_cancel", withRequest<cancelAction>, 1);
  ops.add("op_fetch_write", withRequest<writeAction>, 2);
  ops.add("op_fetch_write_end", withRequest<writeEndAction>, 1);
  ops.add("op_fetch_write_error", withRequest<writeErrorAction>, 2);
  ops.add("op_fetch_stats", opFetchStats, 0);
}

}  // namespace nano
