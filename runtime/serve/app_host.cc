#include "app_host.h"

#include <atomic>
#include <cstring>
#include <ctime>
#include <optional>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "core/modules.h"
#include "core/runtime.h"
#include "core/v8_strings.h"
#include "telemetry/feed.h"

namespace nano::serve {

namespace {

// Request ids are unique across every app of the process (telemetry keys on them).
std::atomic<uint64_t> g_nextRequestId{1};

// Runs fn on the loop after the current callback (re-entrancy breaker).
void defer(uv_loop_t* loop, std::function<void()> fn) {
  struct Deferred {
    uv_timer_t timer;
    std::function<void()> fn;
  };
  auto* d = new Deferred{{}, std::move(fn)};
  uv_timer_init(loop, &d->timer);
  d->timer.data = d;
  uv_timer_start(&d->timer, [](uv_timer_t* t) {
    auto* self = static_cast<Deferred*>(t->data);
    std::function<void()> fn = std::move(self->fn);
    uv_close(reinterpret_cast<uv_handle_t*>(t), [](uv_handle_t* h) { delete static_cast<Deferred*>(h->data); });
    fn();
  }, 0, 0);
}

}  // namespace

struct AppHost::Request {
  uint64_t id = 0;
  net::RequestHandle exchange;
  // Shared with its telemetry records (not copied per record); set only
  // while a feed listens (the exchange's head has them otherwise).
  telemetry::Text method;
  telemetry::Text path;
  bool answered = false;       // the response head went out
  bool responseDone = false;   // ended or given up: nothing more to send
  bool transportDone = false;  // the transport closed the exchange
  bool jsClosed = false;       // internals.serve.closed() was told
  bool finished = false;
  bool killed = false;
  bool passThrough = false;
  bool overlapped = false;
  bool published = false;  // its telemetry record went out (Open or Update)
  bool changed = false;    // in m_changed: to publish at the next telemetry flush
  int waitUntil = 0;
  int status = 0;
  double start = 0;  // feed time (ms)
  uint64_t cpuTicks = 0;  // of m_jsClock
  size_t heapAtStart = 0;
  uint64_t arrayBufferBytes = 0;  // allocated while its JS ran
  uint64_t promisesCreated = 0;   // counted while a telemetry feed listens
  std::vector<uint64_t> fetchIds;
  v8::Global<v8::Object> jsRequest;  // its signal is aborted when the client leaves
  // The same during the first entry (dispatch and its microtasks), when most
  // requests end: no global handle for them.
  v8::Local<v8::Object> jsRequestInEntry;
  bool jsWaits = false;              // JS may wait on the transport (body reads, a pumped response)
};

// Brackets every call the host makes into JS for a request: the request stays
// alive while its JS runs, and RequestCallbackScope names it for promise
// continuations and the observer (enterCallback: watchdog, CPU time).
class AppHost::JsEntry {
 public:
  JsEntry(AppHost& host, const RequestPtr& request)
      : m_request(request), m_scope(host.m_runtime, request ? request->id : 0) {}

 private:
  RequestPtr m_request;
  RequestCallbackScope m_scope;
};

void AppHost::enterCallback(RequestId request, bool outermost) {
  if (!outermost) return;
  ++m_entrySerial;
  if (m_watchdog) m_watchdog->enterJs();
  // CPU time is a telemetry figure: without a feed, no clock syscalls.
  // Borrowed, not shared (no reference count per entry): a request that
  // finishes meanwhile is kept alive by m_entryKeep until the entry ends.
  m_entryRequest = nullptr;
  if (request && m_runtime.telemetry()) {
    auto it = m_requests.find(request);
    if (it != m_requests.end()) m_entryRequest = it->second.get();
  }
  if (m_entryRequest) m_entryCpuStart = m_jsClock.now();
}

void AppHost::leaveCallback(RequestId, bool outermost) {
  if (!outermost) return;
  if (m_entryRequest) flushCpu(*m_entryRequest);
  m_entryRequest = nullptr;
  m_entryKeep.reset();
}

void AppHost::promisesCreated(RequestId request, uint64_t count) {
  if (Request* r = counted(request)) r->promisesCreated += count;
}

void AppHost::arrayBufferAllocated(RequestId request, size_t bytes) {
  if (Request* r = counted(request)) r->arrayBufferBytes += bytes;
}

void AppHost::fetchStarted(RequestId request, uint64_t fetchId) {
  if (Request* r = counted(request)) r->fetchIds.push_back(fetchId);
}

AppHost::Request* AppHost::counted(uint64_t id) const {
  // Mostly the request whose JS is running: no lookup, no reference count.
  if (m_entryRequest && m_entryRequest->id == id) return m_entryRequest;
  auto it = m_requests.find(id);
  return it == m_requests.end() ? nullptr : it->second.get();
}

void AppHost::flushCpu(Request& request) {
  if (m_entryRequest != &request) return;
  uint64_t now = m_jsClock.now();
  if (!m_debuggerPaused) request.cpuTicks += now - m_entryCpuStart;
  m_entryCpuStart = now;
}

size_t AppHost::heapUsed() {
  uint64_t now = uv_now(m_runtime.loop());
  if (m_heapReadAt != std::make_pair(m_entrySerial, now)) {
    // The spaces' used sizes add up to GetHeapStatistics().used_heap_size() at
    // 60% of its cost (it also counts contexts, handles and malloced memory).
    // Only the spaces a request's objects go to are read: the new spaces and
    // the old ones they are promoted to. Code, maps and read-only data change
    // with compilation, not with what a request allocates; skipping them
    // halves the cost of this read, done once per request.
    v8::Isolate* isolate = m_runtime.isolate();
    if (m_objectSpaces.empty()) {
      for (size_t i = 0, n = isolate->NumberOfHeapSpaces(); i < n; ++i) {
        v8::HeapSpaceStatistics space;
        if (!isolate->GetHeapSpaceStatistics(&space, i)) continue;
        std::string_view name = space.space_name();
        if (name == "new_space" || name == "old_space" || name == "new_large_object_space" ||
            name == "large_object_space")
          m_objectSpaces.push_back(i);
      }
    }
    size_t used = 0;
    for (size_t i : m_objectSpaces) {
      v8::HeapSpaceStatistics space;
      if (isolate->GetHeapSpaceStatistics(&space, i)) used += space.space_used_size();
    }
    m_heapUsed = used;
    m_heapReadAt = {m_entrySerial, now};
  }
  return m_heapUsed;
}

AppHost::AppHost(Runtime& runtime, AppConfig config) : m_runtime(runtime), m_config(std::move(config)), m_appName(telemetry::Text::intern(m_config.name)) {}

AppHost::~AppHost() {
  if (m_runtime.requestObserver() == this) m_runtime.setRequestObserver(nullptr);
  m_watchdog.reset();
  m_requests.clear();
}

bool AppHost::load() {
  v8::Isolate* isolate = m_runtime.isolate();
  m_runtime.setRequestObserver(this);
  if (!m_runtime.runFile(m_config.handlerPath, SourceKind::Module)) return false;
  RuntimeScope scope(m_runtime);
  v8::Local<v8::Context> context = m_runtime.context();
  auto fail = [&](const std::string& message) {
    m_runtime.write(OutputStream::Stderr, "nanojs serve: " + m_config.handlerPath + ": " + message + "\n");
    return false;
  };
  v8::Local<v8::Object> ns;
  if (!m_runtime.modules().mainNamespace().ToLocal(&ns))
    return fail("the module did not finish evaluating");
  v8::TryCatch guard(isolate);
  v8::Local<v8::Value> handler;
  if (!ns->Get(context, toV8String(isolate, "default")).ToLocal(&handler))
    return fail("reading the default export threw: " + toStdString(isolate, guard.Exception()));
  v8::Local<v8::Value> fetch;
  if (!handler->IsObject() ||
      !handler.As<v8::Object>()->Get(context, toV8String(isolate, "fetch")).ToLocal(&fetch) ||
      !fetch->IsFunction())
    return fail("expected `export default { fetch(request, env, ctx) { ... } }`");

  v8::Local<v8::Value> env;
  if (!v8::JSON::Parse(context, toV8String(isolate, m_config.envJson.empty() ? "{}" : m_config.envJson))
           .ToLocal(&env))
    return fail("env is not valid JSON");

  v8::Local<v8::Value> serve;
  if (!m_runtime.internals()->Get(context, toV8String(isolate, "serve")).ToLocal(&serve) || !serve->IsObject())
    return fail("internals.serve is missing (runtime/js/24_serve.js)");
  m_serve.Reset(isolate, serve.As<v8::Object>());
  auto serveFunction = [&](const char* name) -> v8::Local<v8::Function> {
    v8::Local<v8::Value> fn;
    if (!serve.As<v8::Object>()->Get(context, toV8String(isolate, name)).ToLocal(&fn) || !fn->IsFunction())
      return {};
    return fn.As<v8::Function>();
  };
  const std::pair<ServeFn, const char*> serveFns[] = {{ServeFn::Dispatch, "dispatch"},
                                                      {ServeFn::Abort, "abort"},
                                                      {ServeFn::Closed, "closed"},
                                                      {ServeFn::BodyReady, "bodyReady"},
                                                      {ServeFn::Writable, "writable"}};
  for (auto [fn, name] : serveFns) {
    v8::Local<v8::Function> function = serveFunction(name);
    if (function.IsEmpty()) return fail(std::string("internals.serve.") + name + " is missing");
    m_serveFns[static_cast<size_t>(fn)].Reset(isolate, function);
  }

  v8::Local<v8::Object> bindings = v8::Object::New(isolate);
  v8::Local<v8::External> self = v8::External::New(isolate, this);
  struct Binding {
    const char* name;
    v8::FunctionCallback callback;
  };
  for (const Binding& b : {Binding{"bodyRead", &AppHost::jsBodyRead}, Binding{"write", &AppHost::jsWrite},
                           Binding{"end", &AppHost::jsEnd}, Binding{"waitUntilAdd", &AppHost::jsWaitUntilAdd},
                           Binding{"waitUntilDone", &AppHost::jsWaitUntilDone},
                           Binding{"passThrough", &AppHost::jsPassThrough},
                           Binding{"badRequest", &AppHost::jsBadRequest},
                           Binding{"handlerFailed", &AppHost::jsHandlerFailed},
                           Binding{"beforeHandler", &AppHost::jsBeforeHandler},
                           Binding{"respond", &AppHost::jsRespond}}) {
    v8::Local<v8::Function> fn =
        v8::Function::New(context, b.callback, self, 0, v8::ConstructorBehavior::kThrow).ToLocalChecked();
    bindings->Set(context, toV8String(isolate, b.name), fn).Check();
  }
  v8::Local<v8::Function> init = serveFunction("init");
  v8::Local<v8::Function> setHandler = serveFunction("setHandler");
  v8::Local<v8::Value> initArgs[] = {bindings};
  v8::Local<v8::Value> handlerArgs[] = {handler, fetch, env,
                                        v8::Boolean::New(isolate, static_cast<bool>(m_config.beforeHandlerCall))};
  if (init.IsEmpty() || setHandler.IsEmpty() || init->Call(context, serve, 1, initArgs).IsEmpty() ||
      setHandler->Call(context, serve, 4, handlerArgs).IsEmpty())
    return fail("internals.serve could not be initialised");

  m_watchdog = std::make_unique<Watchdog>(
      isolate, m_runtime.loop(), m_config.cpuLimitMs,
      [this] {
        // Inside the interrupt, JS running: whose is it?
        v8::Isolate* iso = m_runtime.isolate();
        v8::HandleScope handles(iso);
        v8::Local<v8::Value> data = m_runtime.context()->GetContinuationPreservedEmbedderData();
        if (data->IsNumber()) return static_cast<uint64_t>(data.As<v8::Number>()->Value());
        if (RequestId request = m_runtime.callbackRequest()) return request;
        if (m_requests.size() == 1) return m_requests.begin()->first;
        return uint64_t{0};
      },
      [this](uint64_t id, KillReason reason) { onKill(id, reason); });
  return true;
}

void AppHost::setDebuggerPaused(bool paused) {
  if (m_watchdog) m_watchdog->setPaused(paused);
  // Time spent paused is the person's: the request's JS clock stops.
  if (m_entryRequest) flushCpu(*m_entryRequest);
  m_debuggerPaused = paused;
}

void AppHost::whenIdle(std::function<void()> done) {
  if (m_requests.empty()) {
    defer(m_runtime.loop(), std::move(done));
    return;
  }
  m_whenIdle = std::move(done);
}

AppHost::RequestPtr AppHost::find(uint64_t id) const {
  auto it = m_requests.find(id);
  return it == m_requests.end() ? nullptr : it->second;
}

AppHost::RequestPtr AppHost::requestOf(const net::RequestHandle& exchange) const {
  auto* request = static_cast<Request*>(exchange->userData);
  return request ? find(request->id) : nullptr;
}

void AppHost::updateActive() {
  if (m_watchdog) m_watchdog->setActive(m_requests.size());
}

bool AppHost::callServe(ServeFn fn, int argc, v8::Local<v8::Value>* argv, v8::Local<v8::Value>* result,
                        bool* terminated) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::TryCatch guard(isolate);
  v8::Local<v8::Function> function = m_serveFns[static_cast<size_t>(fn)].Get(isolate);
  if (function->Call(m_runtime.context(), m_serve.Get(isolate), argc, argv).ToLocal(result)) return true;
  if (terminated) *terminated = guard.HasTerminated() || !guard.CanContinue();
  if (guard.HasCaught() && guard.CanContinue()) {
    m_runtime.write(OutputStream::Stderr, formatException(isolate, guard.Exception(), guard.Message(), false));
  }
  return false;
}

void AppHost::logError(const RequestPtr& request, const std::string& text) {
  std::string line = "nanojs serve";
  if (!m_config.name.empty()) line += " [" + m_config.name + "]";
  if (request) line += ": " + request->exchange->head().method + " " + request->exchange->head().target;
  m_runtime.write(OutputStream::Stderr, line + ": " + text + (text.ends_with('\n') ? "" : "\n"));
}

// --- requests ---------------------------------------------------------------

void AppHost::onRequest(const net::RequestHandle& exchange) {
  auto request = allocateLocal<Request>(PooledAllocator<Request>());
  request->id = g_nextRequestId.fetch_add(1);
  request->exchange = exchange;
  // The record's texts and heap statistics (a walk over the heap's spaces)
  // are only for telemetry.
  if (m_runtime.telemetry()) {
    request->method = telemetry::Text::httpMethod(exchange->head().method);
    request->path = exchange->head().target;
    request->heapAtStart = heapUsed();
  }
  exchange->userData = request.get();
  if (!m_requests.empty()) {
    // Heap deltas of overlapping requests include each other's allocations.
    request->overlapped = true;
    for (auto& [id, other] : m_requests) other->overlapped = true;
  }
  m_requests[request->id] = request;
  updateActive();
  if (telemetry::Feed* feed = m_runtime.telemetry()) request->start = feed->now();
  {
    RuntimeScope scope(m_runtime);
    {
      JsEntry entry(*this, request);
      request->jsRequestInEntry = dispatch(request);
    }
    // Its microtasks ran: most requests are answered by now. One that is not
    // keeps its Request, whose signal aborts if the client leaves.
    if (!request->jsRequestInEntry.IsEmpty() && !request->transportDone)
      request->jsRequest.Reset(m_runtime.isolate(), request->jsRequestInEntry);
    request->jsRequestInEntry.Clear();
  }
  // Most requests are answered within this first call: their one record is
  // the Close. One that goes on (awaits, streams, waitUntil) is news at the
  // next tick of the telemetry clock, if it has not ended by then.
  if (!request->finished) publishLater(*request);
}

void AppHost::publishLater(Request& request) {
  if (!m_runtime.telemetry() || request.changed) return;
  request.changed = true;
  m_changed.push_back(request.id);
  m_runtime.requestTelemetryFlush();
}

void AppHost::telemetryFlush() {
  std::vector<uint64_t> changed;
  changed.swap(m_changed);
  for (uint64_t id : changed) {
    RequestPtr request = find(id);
    if (!request || !request->changed) continue;  // ended meanwhile (its Close went out)
    request->changed = false;
    flushCpu(*request);
    publish(*request, telemetry::Op::Update);
  }
}

void AppHost::publish(Request& request, telemetry::Op op) {
  telemetry::Feed* feed = m_runtime.telemetry();
  if (!feed) return;
  if (op == telemetry::Op::Update && !request.published) op = telemetry::Op::Open;
  request.published = true;
  if (op == telemetry::Op::Close) request.changed = false;
  telemetry::RequestRecord record = recordOf(request, op == telemetry::Op::Close);
  double now = feed->now();
  if (op == telemetry::Op::Close) record.end = now;
  feed->publish(op, std::move(record), now);
}

v8::Local<v8::Object> AppHost::dispatch(const RequestPtr& request) {
  v8::Isolate* isolate = m_runtime.isolate();
  const net::HttpRequestHead& head = request->exchange->head();

  // The URL is made here when that is simple (see request_url.h); else JS parses it.
  std::string& url = m_url;  // reused: no allocation per request
  bool urlParsed = m_requestUrl.build(head.host, head.target, &url);
  if (!urlParsed) {
    std::string authority = head.host.empty() ? "localhost" : head.host;
    if (!head.target.empty() && head.target[0] == '/')
      url = "http://" + authority + head.target;
    else if (head.target == "*")
      url = "http://" + authority + "/";
    else
      url = head.target;  // absolute-form
  }

  // The headers follow as arguments, name, value, name, value... (JS takes
  // them as a rest parameter: an array made in JIT code costs far less than
  // one made through the API). Names that repeat are cached strings; names and
  // values are ByteStrings (Latin-1).
  constexpr size_t kFixed = 5;
  constexpr size_t kInline = 40;
  v8::Local<v8::Value> inlineArgs[kFixed + kInline];
  std::vector<v8::Local<v8::Value>> moreArgs;
  size_t argc = kFixed + head.headers.size() * 2;
  v8::Local<v8::Value>* args = inlineArgs;
  if (argc > kFixed + kInline) {
    moreArgs.resize(argc);
    args = moreArgs.data();
  }
  args[0] = requestIdToV8(isolate, request->id);
  args[1] = m_names.get(isolate, head.method);
  args[2] = urlParsed ? m_values.get(isolate, url) : toV8String(isolate, url);
  args[3] = v8::Boolean::New(isolate, urlParsed);
  args[4] = v8::Boolean::New(isolate, head.hasBody());
  for (size_t i = 0; i < head.headers.size(); ++i) {
    args[kFixed + 2 * i] = m_names.get(isolate, head.headers[i].name);
    args[kFixed + 2 * i + 1] = m_values.get(isolate, head.headers[i].value);
  }
  v8::Local<v8::Value> jsRequest;
  bool terminated = false;
  if (!callServe(ServeFn::Dispatch, static_cast<int>(argc), args, &jsRequest, &terminated)) {
    if (!terminated) answerError(request, 500, "Internal Server Error\n");  // else the watchdog answers
    return {};
  }
  return jsRequest->IsObject() ? jsRequest.As<v8::Object>() : v8::Local<v8::Object>();
}

int AppHost::respond(const RequestPtr& request, const v8::FunctionCallbackInfo<v8::Value>& parts) {
  constexpr int kSent = 0, kPump = 1, kCancel = 2;  // as in 24_serve.js
  constexpr int kFixedArgs = 6;  // id, status, statusText, source, stream, length
  v8::Isolate* isolate = m_runtime.isolate();
  v8::Local<v8::Context> context = m_runtime.context();
  int status = parts[1]->Int32Value(context).FromMaybe(500);
  if (status == 0) {
    logError(request, "fetch() returned Response.error()");
    answerError(request, 500, "Internal Server Error\n");
    return kCancel;
  }
  // The reason phrase and headers are ByteStrings. The headers follow the
  // fixed arguments as name, value, ...; they are packed here ("name\0value\0",
  // a NUL cannot occur in either) for the transport.
  std::string statusText;
  if (parts[2]->IsString() && parts[2].As<v8::String>()->Length() > 0)
    statusText = latin1Bytes(isolate, parts[2].As<v8::String>());
  m_packedHeaders.clear();
  for (int i = kFixedArgs; i + 1 < parts.Length(); i += 2) {
    for (int k = 0; k < 2; ++k) {
      if (!parts[i + k]->IsString()) continue;
      m_headerBytes.appendLatin1(isolate, parts[i + k].As<v8::String>(), m_packedHeaders);
      m_packedHeaders += '\0';
    }
  }
  v8::Local<v8::Value> source = parts[3];
  v8::Local<v8::Value> stream = parts[4];
  v8::Local<v8::Value> length = parts[5];
  net::HttpExchange& exchange = *request->exchange;
  request->answered = true;
  request->status = status;

  if (source->IsString() || source->IsArrayBufferView()) {
    // Through a buffer kept from response to response: no allocation per body.
    std::string& bytes = m_scratch;
    if (source->IsString()) {
      utf8Into(isolate, source.As<v8::String>(), &bytes);
    } else {
      v8::Local<v8::ArrayBufferView> view = source.As<v8::ArrayBufferView>();
      bytes.resize(view->ByteLength());
      if (!bytes.empty()) view->CopyContents(bytes.data(), bytes.size());
    }
    exchange.respondPacked(status, statusText, m_packedHeaders, bytes.size());
    exchange.write(bytes);
    // A large body's buffer is not kept.
    if (bytes.capacity() > kScratchLimit) std::string().swap(bytes);
    request->responseDone = true;
    exchange.end();
    return kSent;
  }
  if (stream->IsObject()) {
    std::optional<uint64_t> known;
    if (length->IsNumber() && length.As<v8::Number>()->Value() >= 0)
      known = static_cast<uint64_t>(length.As<v8::Number>()->Value());
    exchange.respondPacked(status, statusText, m_packedHeaders, known);
    if (!exchange.bodyAllowed()) {
      // HEAD, 204, 304: nobody reads the body.
      request->responseDone = true;
      exchange.end();
      return kCancel;
    }
    request->jsWaits = true;
    // A whole body ends the request now (its Close record follows); a stream
    // takes a while: the status is news.
    publishLater(*request);
    return kPump;
  }
  exchange.respondPacked(status, statusText, m_packedHeaders, 0);
  request->responseDone = true;
  exchange.end();
  return kSent;
}

void AppHost::onHandlerError(const RequestPtr& request, v8::Local<v8::Value> error, const char* what) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate, error);
  logError(request, std::string(what) + ":\n" + formatException(isolate, error, message, true));
  answerError(request, 500, "Internal Server Error\n");
}

void AppHost::answerError(const RequestPtr& request, int status, std::string_view body) {
  if (request->responseDone || request->transportDone) return;
  request->responseDone = true;
  net::HttpExchange& exchange = *request->exchange;
  if (request->answered || exchange.responseStarted()) {
    // Too late for a status: the client sees the connection drop.
    exchange.abort();
    return;
  }
  request->answered = true;
  request->status = status;
  exchange.respond(status, "", {{"content-type", "text/plain; charset=utf-8"}}, body.size());
  exchange.write(body);
  exchange.end();
}

void AppHost::onKill(uint64_t id, KillReason reason) {
  RuntimeScope scope(m_runtime);
  RequestPtr request = id ? find(id) : nullptr;
  const char* why = reason == KillReason::CpuLimit
                        ? "exceeded its CPU time limit; its JavaScript was terminated"
                        : "the isolate neared its heap limit; the request's JavaScript was terminated";
  if (!request) {
    logError(nullptr, std::string("JavaScript outside any request ") + why);
    return;
  }
  request->killed = true;
  request->waitUntil = 0;  // its waitUntil work may never settle now
  if (reason == KillReason::CpuLimit)
    logError(request, std::string(why) + " (limit " + std::to_string(static_cast<uint64_t>(m_config.cpuLimitMs)) +
                          " ms)");
  else
    logError(request, why);
  JsEntry entry(*this, nullptr);
  answerError(request, 503, reason == KillReason::CpuLimit ? "Service Unavailable: CPU time limit exceeded\n"
                                                           : "Service Unavailable: memory limit exceeded\n");
  notifyJsClosed(request, true, "The request was terminated");
  maybeFinish(request);
}

void AppHost::notifyJsClosed(const RequestPtr& request, bool aborted, std::string_view reason) {
  if (request->jsClosed) return;
  request->jsClosed = true;
  v8::Isolate* isolate = m_runtime.isolate();
  v8::Local<v8::Value> ignored;
  v8::Local<v8::Object> jsRequest =
      request->jsRequest.IsEmpty() ? request->jsRequestInEntry : request->jsRequest.Get(isolate);
  if (aborted && !jsRequest.IsEmpty()) {
    v8::Local<v8::Value> argv[] = {jsRequest, toV8String(isolate, reason)};
    callServe(ServeFn::Abort, 2, argv, &ignored);
  }
  request->jsRequest.Reset();
  // Only JS that may wait on the transport needs to hear that it is gone.
  if (request->jsWaits) {
    v8::Local<v8::Value> argv[] = {requestIdToV8(isolate, request->id)};
    callServe(ServeFn::Closed, 1, argv, &ignored);
  }
}

void AppHost::onRequestBodyReady(const net::RequestHandle& exchange) { tellJs(exchange, ServeFn::BodyReady); }

void AppHost::onResponseWritable(const net::RequestHandle& exchange) { tellJs(exchange, ServeFn::Writable); }

void AppHost::tellJs(const net::RequestHandle& exchange, ServeFn what) {
  RequestPtr request = requestOf(exchange);
  if (!request) return;
  RuntimeScope scope(m_runtime);
  JsEntry entry(*this, request);
  v8::Local<v8::Value> argv[] = {requestIdToV8(m_runtime.isolate(), request->id)};
  v8::Local<v8::Value> ignored;
  callServe(what, 1, argv, &ignored);
}

void AppHost::onRequestClosed(const net::RequestHandle& exchange) {
  RequestPtr request = requestOf(exchange);
  if (!request) return;
  request->transportDone = true;
  if (exchange->status()) request->status = exchange->status();
  bool aborted = exchange->aborted() && !request->responseDone;
  request->responseDone = true;
  // Usually the transport closes while the request's own JS answers it
  // (respond → end): its scopes are open already.
  std::optional<RuntimeScope> scope;
  std::optional<JsEntry> entry;
  if (m_runtime.callbackRequest() != request->id) {
    scope.emplace(m_runtime);
    entry.emplace(*this, request);
  }
  notifyJsClosed(request, aborted, "The client disconnected");
  maybeFinish(request);
  // Answered, but waitUntil work goes on: the costs so far.
  if (!request->finished) publishLater(*request);
}

telemetry::RequestRecord AppHost::recordOf(Request& request, bool last) {
  telemetry::RequestRecord record;
  record.id = request.id;
  record.app = m_appName;
  // Empty when the feed began to listen after the request came in.
  const net::HttpRequestHead& head = request.exchange->head();
  if (request.method.empty()) request.method = telemetry::Text::httpMethod(head.method);
  if (request.path.empty()) request.path = telemetry::Text(head.target);
  // The last record takes what the request no longer needs: no reference
  // count goes up here to come down at the request's end.
  record.method = last ? std::move(request.method) : request.method;
  record.path = last ? std::move(request.path) : request.path;
  record.status = request.status;  // 0: nothing answered yet (or the client left first)
  record.start = request.start;
  record.cpuTime = static_cast<double>(m_jsClock.nanoseconds(request.cpuTicks)) / 1e6;
  m_runtime.countPromisesFor(m_runtime.callbackRequest());  // the running entry's so far
  record.heapDelta = static_cast<int64_t>(heapUsed()) - static_cast<int64_t>(request.heapAtStart);
  record.heapDeltaApproximate = request.overlapped;
  record.arenaPeak = request.exchange->nativeBytesPeak();
  record.arrayBufferBytes = request.arrayBufferBytes;
  record.promisesCreated = request.promisesCreated;
  record.promisesCounted = m_runtime.promisesCounted();
  record.fetchIds = last ? std::move(request.fetchIds) : request.fetchIds;
  return record;
}

void AppHost::maybeFinish(const RequestPtr& request) {
  if (request->finished || !request->transportDone || request->waitUntil > 0) return;
  request->finished = true;
  flushCpu(*request);  // the call we are in (if it is this request's) counts too
  publish(*request, telemetry::Op::Close);
  request->exchange->userData = nullptr;
  if (m_entryRequest == request.get()) m_entryKeep = request;  // its JS is still running
  m_requests.erase(request->id);
  updateActive();
  if (m_requests.empty() && m_whenIdle) {
    std::function<void()> done = std::move(m_whenIdle);
    m_whenIdle = nullptr;
    defer(m_runtime.loop(), std::move(done));
  }
}

// --- native bindings and promise reactions ---------------------------------

namespace {

AppHost& hostOfBinding(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return *static_cast<AppHost*>(info.Data().As<v8::External>()->Value());
}

uint64_t idArgument(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return info[0]->IsNumber() ? static_cast<uint64_t>(info[0].As<v8::Number>()->Value()) : 0;
}

}  // namespace

void AppHost::jsBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  v8::Isolate* isolate = info.GetIsolate();
  RequestPtr request = host.find(idArgument(info));
  if (!request) return throwTypeError(isolate, "The request is over; its body can no longer be read");
  net::HttpExchange::BodyChunk chunk = request->exchange->readBody();
  switch (chunk.status) {
    case net::HttpExchange::BodyStatus::Pending:
      request->jsWaits = true;
      return;  // undefined: bodyReady() follows
    case net::HttpExchange::BodyStatus::End:
      info.GetReturnValue().SetNull();
      return;
    case net::HttpExchange::BodyStatus::Error:
      return throwTypeError(isolate, chunk.error);
    case net::HttpExchange::BodyStatus::Data: {
      std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(isolate, chunk.data.size());
      std::memcpy(store->Data(), chunk.data.data(), chunk.data.size());
      v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
      info.GetReturnValue().Set(v8::Uint8Array::New(buffer, 0, chunk.data.size()));
      return;
    }
  }
}

void AppHost::jsWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  RequestPtr request = host.find(idArgument(info));
  if (!request || request->transportDone || request->responseDone || !info[1]->IsArrayBufferView()) {
    info.GetReturnValue().Set(-1);
    return;
  }
  v8::Local<v8::ArrayBufferView> view = info[1].As<v8::ArrayBufferView>();
  std::shared_ptr<v8::BackingStore> store = view->Buffer()->GetBackingStore();
  std::string_view data(static_cast<const char*>(store->Data()) + view->ByteOffset(), view->ByteLength());
  switch (request->exchange->write(data)) {
    case net::HttpExchange::WriteResult::Ok: info.GetReturnValue().Set(0); break;
    case net::HttpExchange::WriteResult::Full: info.GetReturnValue().Set(1); break;
    case net::HttpExchange::WriteResult::Closed: info.GetReturnValue().Set(-1); break;
  }
}

void AppHost::jsEnd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  RequestPtr request = host.find(idArgument(info));
  if (!request || request->responseDone) return;
  request->responseDone = true;
  request->exchange->end();
}

void AppHost::jsWaitUntilAdd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  RequestPtr request = host.find(idArgument(info));
  if (!request || request->killed) return;
  ++request->waitUntil;
}

void AppHost::jsWaitUntilDone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  v8::Isolate* isolate = info.GetIsolate();
  RequestPtr request = host.find(idArgument(info));
  if (info.Length() > 1) {
    v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate, info[1]);
    host.logError(request, "a ctx.waitUntil() promise rejected:\n" +
                               formatException(isolate, info[1], message, true));
  }
  if (!request || request->waitUntil == 0) return;
  --request->waitUntil;
  host.maybeFinish(request);
}

void AppHost::jsPassThrough(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  if (RequestPtr request = host.find(idArgument(info))) request->passThrough = true;
}

void AppHost::jsBadRequest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  RequestPtr request = host.find(idArgument(info));
  if (!request) return;
  host.logError(request, "bad request: " + toStdString(info.GetIsolate(), info[1]));
  host.answerError(request, 400, "Bad Request\n");
}

void AppHost::jsHandlerFailed(const v8::FunctionCallbackInfo<v8::Value>& info) {
  enum How { kThrew, kRejected, kBadResponse, kBodyFailed };  // as in 24_serve.js
  AppHost& host = hostOfBinding(info);
  v8::Isolate* isolate = info.GetIsolate();
  RequestPtr request = host.find(idArgument(info));
  if (!request || request->responseDone) return;
  JsEntry entry(host, request);
  v8::Local<v8::Value> error = info[1];
  switch (info[2]->Int32Value(isolate->GetCurrentContext()).FromMaybe(kThrew)) {
    case kThrew:
      return host.onHandlerError(request, error, "fetch() threw");
    case kRejected:
      return host.onHandlerError(request, error, "fetch() rejected");
    case kBadResponse:
      host.logError(request, toStdString(isolate, error));
      return host.answerError(request, 500, "Internal Server Error\n");
    default: {
      v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate, error);
      host.logError(request, "the response body stream failed:\n" + formatException(isolate, error, message, true));
      request->responseDone = true;
      request->exchange->abort();
    }
  }
}

void AppHost::jsBeforeHandler(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  if (host.m_config.beforeHandlerCall) host.m_config.beforeHandlerCall();
}

void AppHost::jsRespond(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AppHost& host = hostOfBinding(info);
  RequestPtr request = host.find(idArgument(info));
  // Gone or already answered: the body stream is not wanted.
  if (!request || request->responseDone || request->transportDone) return info.GetReturnValue().Set(2);
  // Nearly always called from the request's own entry (its dispatch): no second scope then.
  if (host.m_runtime.callbackRequest() == request->id) return info.GetReturnValue().Set(host.respond(request, info));
  JsEntry entry(host, request);
  info.GetReturnValue().Set(host.respond(request, info));
}

}  // namespace nano::serve
