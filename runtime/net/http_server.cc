#include "http_server.h"

#include "../core/ascii.h"
#include "../core/block_pool.h"
#include "send_queue.h"

#include <algorithm>
#include <charconv>
#include <array>
#include <cstring>
#include <ctime>
#include <unordered_set>

#include <unistd.h>

#include <llhttp.h>

namespace nano::net {

namespace {

constexpr size_t kReadBufferSize = 64 * 1024;
// After an error answer the connection keeps reading (and discarding) for a
// while before it closes, so the client sees the answer rather than a reset.
constexpr uint64_t kLingerMs = 2000;

// Response-splitting guard: header text never carries CR, LF or NUL onto the wire.
void appendSanitized(std::string& out, std::string_view text) {
  // Checked on the source in one pass without branches (the bytes are almost
  // always clean: JS validated them), fixed in the output only when needed.
  bool unsafe = false;
  for (char c : text) unsafe |= (c == '\r') | (c == '\n') | (c == '\0');
  size_t start = out.size();
  out.append(text);
  if (!unsafe) return;
  for (size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n' || out[i] == '\0') out[i] = ' ';
}

void appendNumber(std::string& out, uint64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  // By length: the iterator-pair overload goes through replace().
  out.append(digits, static_cast<size_t>(end - digits));
}

// "HTTP/1.x NNN Reason\r\n" for every status with a built-in reason phrase,
// made once: the line most responses start with, in one piece.
std::string_view statusLine(int versionMinor, int status) {
  static const auto lines = [] {
    std::array<std::array<std::string, 600>, 2> table;
    for (int minor = 0; minor < 2; ++minor) {
      for (int code = 100; code < 600; ++code) {
        std::string_view reason = reasonPhrase(code);
        if (reason.empty()) continue;
        table[static_cast<size_t>(minor)][static_cast<size_t>(code)] =
            "HTTP/1." + std::to_string(minor) + " " + std::to_string(code) + " " + std::string(reason) + "\r\n";
      }
    }
    return table;
  }();
  if (status < 100 || status >= 600 || versionMinor < 0 || versionMinor > 1) return {};
  return lines[static_cast<size_t>(versionMinor)][static_cast<size_t>(status)];
}

// "date: <IMF-fixdate>\r\n", made again when the second changes.
const std::string& dateLine() {
  static thread_local std::string cached;
  static thread_local time_t cachedAt = 0;
  time_t now = std::time(nullptr);
  if (now != cachedAt || cached.empty()) {
    struct tm tm {};
    gmtime_r(&now, &tm);
    char buffer[64];
    size_t n = std::strftime(buffer, sizeof buffer, "date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached.assign(buffer, n);
    cachedAt = now;
  }
  return cached;
}

std::string formatAddress(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET)
    uv_ip4_name(reinterpret_cast<const sockaddr_in*>(&address), text, sizeof text);
  else if (address.ss_family == AF_INET6)
    uv_ip6_name(reinterpret_cast<const sockaddr_in6*>(&address), text, sizeof text);
  return text;
}

}  // namespace

const char* reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "";
  }
}

std::string hostWithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    return asciiLowerCopy(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(':') == colon) host = host.substr(0, colon);
  return asciiLowerCopy(host);
}

// ---------------------------------------------------------------------------

struct HttpServer::Core : std::enable_shared_from_this<Core> {
  uv_loop_t* loop = nullptr;
  HttpServerOptions options;
  HttpServerDelegate* delegate = nullptr;
  uv_tcp_t listener{};
  bool listenerOpen = false;
  std::shared_ptr<Core> listenerRef;  // keeps the core alive until the listener's close callback
  std::string host;
  int port = 0;
  std::unordered_set<HttpConnection*> connections;
  bool draining = false;
  std::function<void()> drainDone;
  HttpServerStats stats;
  uint64_t nextExchangeId = 1;
  llhttp_settings_t settings{};

  // Output coalescing: what the connections queue during one loop callback
  // goes out in one write per connection, from the check phase (after the
  // poll callbacks that produced it) or the idle phase (whose active handle
  // also keeps poll from blocking while output waits).
  std::vector<HttpConnection*> unflushed;
  std::vector<HttpConnection*> flushSpare;  // the other buffer flushAll() alternates with
  uv_check_t* flushCheck = nullptr;
  uv_idle_t* flushIdle = nullptr;

  ~Core();
  void closeFlushHandles();
  void scheduleFlush(HttpConnection* connection);
  void cancelFlush(HttpConnection* connection);
  void flushAll();
  void closeListener();
  // Returns the drain callback when that was the last connection.
  std::function<void()> connectionGone(HttpConnection* connection);
};

class HttpConnection {
 public:
  explicit HttpConnection(std::shared_ptr<HttpServer::Core> core);
  // After the tcp handle is initialised and connected.
  void start(std::string alreadyRead);
  uv_tcp_t* tcp() { return &m_tcp; }

  // Drain: idle connections close now, busy ones after their response.
  void drain();
  void closeNow();
  // Writes the queued output (Core::flushAll, and before a shutdown).
  void flush();
  bool flushScheduled = false;

  // Called by HttpExchange.
  HttpExchange::BodyChunk readBody(HttpExchange& exchange);
  bool respond(HttpExchange& exchange, int status, std::string_view reason, std::string_view packedHeaders,
               std::optional<uint64_t> contentLength);
  HttpExchange::WriteResult write(HttpExchange& exchange, std::string_view data);
  void end(HttpExchange& exchange);
  void abort(HttpExchange& exchange);

  static void installCallbacks(llhttp_settings_t& settings) {
    llhttp_settings_init(&settings);
    settings.on_message_begin = &HttpConnection::onMessageBegin;
    settings.on_url = &HttpConnection::onUrl;
    settings.on_header_field = &HttpConnection::onHeaderField;
    settings.on_header_value = &HttpConnection::onHeaderValue;
    settings.on_headers_complete = &HttpConnection::onHeadersComplete;
    settings.on_body = &HttpConnection::onBody;
    settings.on_message_complete = &HttpConnection::onMessageComplete;
  }

 private:
  // Where llhttp stopped: a head whose body follows (dispatch now, stream the
  // body), a whole request without a body (dispatch now), or a request that
  // waits for its answer before the next pipelined one is parsed.
  enum class Pause { None, HeadersComplete, RequestComplete, MessageComplete };
  // The part of a flush the socket did not take at once.
  struct WriteReq {
    uv_write_t req;
    HttpConnection* connection;
    std::vector<std::string> parts;
    size_t bytes;
  };

  // llhttp callbacks
  static int onMessageBegin(llhttp_t* parser);
  static int onUrl(llhttp_t* parser, const char* at, size_t length);
  static int onHeaderField(llhttp_t* parser, const char* at, size_t length);
  static int onHeaderValue(llhttp_t* parser, const char* at, size_t length);
  static int onHeadersComplete(llhttp_t* parser);
  static int onBody(llhttp_t* parser, const char* at, size_t length);
  static int onMessageComplete(llhttp_t* parser);
  static HttpConnection& from(llhttp_t* parser) { return *static_cast<HttpConnection*>(parser->data); }

  bool countHeadBytes(size_t length);
  void finishHeader();

  void onRead(ssize_t nread, const uv_buf_t* buf);
  void process();
  // `complete`: the request has no body and llhttp has seen all of it.
  void dispatch(bool complete);
  void notifyBody();
  void updateReading();
  // The connection's one deadline (head, keep-alive or linger time-out).
  void armTimer(uint64_t ms);
  void stopTimer() { m_deadline = 0; }
  void startTimer(uint64_t ms);
  void onTimerDue();
  void onTimer();

  // Queues output; Core::flushAll() writes it.
  void rawWrite(std::string_view a, std::string_view b = {}, std::string_view c = {});
  void rawWriteOwned(std::string&& bytes);
  void onWritten(size_t bytes);
  void onWriteDone(WriteReq* req, int status);
  // An answer of the transport's own (400, 408, 413, 431), then close.
  void reject(int status);
  void finishExchange(HttpExchange& exchange, bool aborted);
  void closeGracefully();
  void onClosed();

  std::shared_ptr<HttpServer::Core> m_core;
  uv_tcp_t m_tcp{};
  uv_timer_t m_timer{};
  uint64_t m_deadline = 0;  // loop time (ms) of the time-out; 0: none
  uint64_t m_timerDue = 0;  // when the armed libuv timer fires; 0: not armed
  uv_shutdown_t m_shutdown{};
  int m_openHandles = 0;
  llhttp_t m_parser{};
  std::vector<char> m_readBuffer;
  std::string m_pending;  // received, not yet parsed
  size_t m_pendingOffset = 0;
  Pause m_pause = Pause::None;
  bool m_completeOnly = false;  // the head parsed is of a request without a body

  // The head being parsed.
  HttpRequestHead m_head;
  std::string m_field;
  std::string m_value;
  bool m_inValue = false;
  bool m_inHead = false;
  size_t m_headBytes = 0;
  int m_parseReject = 0;  // status chosen inside a parser callback

  RequestHandle m_current;  // the exchange being answered; one at a time
  size_t m_queuedBytes = 0;  // queued here and in libuv, not yet taken by the socket
  SendQueue m_output;  // queued, not yet flushed
  std::string m_remoteAddress;
  bool m_reading = false;
  bool m_eof = false;
  bool m_stopParsing = false;  // no further requests on this connection
  bool m_closeAfterResponse = false;
  bool m_closing = false;
  bool m_lingering = false;
  bool m_shutdownDone = false;
  bool m_processing = false;
  bool m_reprocess = false;
};

// --- HttpExchange -----------------------------------------------------------

HttpExchange::BodyChunk HttpExchange::readBody() {
  if (!m_connection) {
    BodyChunk chunk;
    if (!m_bodyQueue.empty()) {
      chunk.status = BodyStatus::Data;
      chunk.data.swap(m_bodyQueue);
    } else if (m_bodyEnded) {
      chunk.status = BodyStatus::End;
    } else {
      chunk.status = BodyStatus::Error;
      chunk.error = m_bodyError.empty() ? "the connection closed before the request body was complete"
                                        : m_bodyError;
    }
    return chunk;
  }
  return m_connection->readBody(*this);
}

bool HttpExchange::respond(int status, std::string_view reason, const std::vector<HttpHeader>& headers,
                           std::optional<uint64_t> contentLength) {
  std::string packed;
  for (const HttpHeader& header : headers) {
    // A NUL would split a field: it is sanitized on the wire anyway.
    for (std::string_view field : {std::string_view(header.name), std::string_view(header.value)}) {
      for (char c : field) packed += c == '\0' ? ' ' : c;
      packed += '\0';
    }
  }
  return respondPacked(status, reason, packed, contentLength);
}

bool HttpExchange::respondPacked(int status, std::string_view reason, std::string_view packedHeaders,
                                 std::optional<uint64_t> contentLength) {
  if (!m_connection || m_finished || m_responseStarted) return false;
  return m_connection->respond(*this, status, reason, packedHeaders, contentLength);
}

HttpExchange::HttpExchange(MadeByConnection, HttpConnection* connection, uint64_t id, HttpRequestHead&& head)
    : m_connection(connection), m_id(id), m_head(std::move(head)) {
  m_headBytes = sizeof(HttpRequestHead) + m_head.method.size() + m_head.target.size() + m_head.host.size() +
                m_head.remoteAddress.size();
  for (const HttpHeader& h : m_head.headers) m_headBytes += sizeof(HttpHeader) + h.name.size() + h.value.size();
  m_nativePeak = m_headBytes;
}

HttpExchange::WriteResult HttpExchange::write(std::string_view data) {
  if (!m_connection || m_finished || !m_responseStarted) return WriteResult::Closed;
  return m_connection->write(*this, data);
}

void HttpExchange::end() {
  if (!m_connection || m_finished) return;
  m_connection->end(*this);
}

void HttpExchange::abort() {
  if (!m_connection || m_finished) return;
  m_connection->abort(*this);
}

// --- HttpConnection ---------------------------------------------------------

HttpConnection::HttpConnection(std::shared_ptr<HttpServer::Core> core)
    : m_core(std::move(core)), m_readBuffer(kReadBufferSize) {
  uv_tcp_init(m_core->loop, &m_tcp);
  uv_timer_init(m_core->loop, &m_timer);
  m_tcp.data = this;
  m_timer.data = this;
  m_openHandles = 2;
  llhttp_init(&m_parser, HTTP_REQUEST, &m_core->settings);
  m_parser.data = this;
  m_core->connections.insert(this);
  ++m_core->stats.connections;
}

void HttpConnection::start(std::string alreadyRead) {
  uv_tcp_nodelay(&m_tcp, 1);
  sockaddr_storage peer{};
  int length = sizeof peer;
  if (uv_tcp_getpeername(&m_tcp, reinterpret_cast<sockaddr*>(&peer), &length) == 0)
    m_remoteAddress = formatAddress(peer);
  armTimer(m_core->options.keepAliveTimeoutMs);
  if (!alreadyRead.empty()) {
    m_pending = std::move(alreadyRead);
    process();
  } else {
    updateReading();
  }
}

// The deadline moves on every request (head timeout, then keep-alive), but the
// libuv timer is only re-armed when the new deadline comes before the armed
// one; when it fires early it re-arms for the rest. Three heap updates per
// request become three stores.
void HttpConnection::armTimer(uint64_t ms) {
  if (m_closing) return;
  m_deadline = uv_now(m_core->loop) + ms;
  if (m_timerDue != 0 && m_timerDue <= m_deadline) return;
  startTimer(ms);
}

void HttpConnection::startTimer(uint64_t ms) {
  m_timerDue = uv_now(m_core->loop) + ms;
  uv_timer_start(&m_timer, [](uv_timer_t* t) { static_cast<HttpConnection*>(t->data)->onTimerDue(); }, ms, 0);
}

void HttpConnection::onTimerDue() {
  m_timerDue = 0;
  if (m_deadline == 0) return;  // stopped meanwhile
  uint64_t now = uv_now(m_core->loop);
  if (now < m_deadline) return startTimer(m_deadline - now);
  m_deadline = 0;
  onTimer();
}

void HttpConnection::onTimer() {
  if (m_lingering) return closeNow();
  if (m_current) return;  // a request is being answered: its own pace
  // A head that never completes gets 408; an idle keep-alive connection just closes.
  if (m_inHead) return reject(408);
  closeNow();
}

void HttpConnection::updateReading() {
  if (m_closing) return;
  bool want = !m_eof;
  if (!m_lingering) {
    if (m_current && !m_current->m_finished &&
        m_current->m_bodyQueue.size() >= m_core->options.bodyQueueBytes)
      want = false;
    // Pipelined requests wait unparsed; keep that backlog bounded.
    if (m_pending.size() - m_pendingOffset > m_core->options.maxHeaderBytes + kReadBufferSize) want = false;
    if (m_stopParsing) want = false;
  }
  if (want == m_reading) return;
  m_reading = want;
  if (want) {
    uv_read_start(
        reinterpret_cast<uv_stream_t*>(&m_tcp),
        [](uv_handle_t* h, size_t, uv_buf_t* buf) {
          auto* self = static_cast<HttpConnection*>(h->data);
          *buf = uv_buf_init(self->m_readBuffer.data(), static_cast<unsigned>(self->m_readBuffer.size()));
        },
        [](uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
          static_cast<HttpConnection*>(s->data)->onRead(nread, buf);
        });
  } else {
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&m_tcp));
    if (m_current && m_current->m_bodyQueue.size() >= m_core->options.bodyQueueBytes)
      ++m_core->stats.readPauses;
  }
}

void HttpConnection::onRead(ssize_t nread, const uv_buf_t* buf) {
  if (nread == 0) return;
  if (m_lingering) {
    if (nread < 0) closeNow();
    return;
  }
  if (nread < 0) {
    m_reading = false;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&m_tcp));
    if (nread != UV_EOF) return closeNow();
    m_eof = true;
    // The client stopped sending half way through a request, or left while
    // one is handled (as Node and hyper take a FIN by default): nothing to
    // answer, and the handler's request.signal aborts.
    if (m_current && (!m_current->m_requestComplete || !m_current->m_finished)) return closeNow();
    // Half-closed after complete, answered requests: answer the rest that
    // arrived (process() closes at the end).
    if (!m_current) process();
    return;
  }
  m_pending.append(buf->base, static_cast<size_t>(nread));
  process();
  // What this read produced goes out now rather than at the end of the loop
  // turn: the client reads one answer while the next connection's request is
  // handled, instead of sleeping until every answer of the turn is ready
  // (waking it then is what costs). flushAll() finds this output gone.
  if (flushScheduled) flush();
}

void HttpConnection::process() {
  if (m_processing) {
    m_reprocess = true;
    return;
  }
  m_processing = true;
  do {
    m_reprocess = false;
    // After a head dispatched on its own (an upgrade, or one whose body
    // follows), llhttp reports a message that ended with it only when it runs
    // again: once more, on no input. Else the exchange stays current until the
    // client sends more, and an idle keep-alive connection never times out.
    bool afterHead = false;
    while (!m_closing && !m_lingering && !m_stopParsing && m_pause == Pause::None &&
           (m_pendingOffset < m_pending.size() || afterHead)) {
      afterHead = false;
      const char* start = m_pending.data() + m_pendingOffset;
      size_t length = m_pending.size() - m_pendingOffset;
      llhttp_errno_t err = llhttp_execute(&m_parser, start, length);
      if (err == HPE_OK) {
        m_pendingOffset += length;
        notifyBody();
        break;
      }
      size_t used = static_cast<size_t>(llhttp_get_error_pos(&m_parser) - start);
      if (err == HPE_PAUSED) {
        m_pendingOffset += used;
        llhttp_resume(&m_parser);
        if (m_pause == Pause::HeadersComplete) {
          m_pause = Pause::None;
          dispatch(false);
          afterHead = true;
        } else if (m_pause == Pause::RequestComplete) {
          m_pause = Pause::None;
          dispatch(true);
          // Not answered at once: the next pipelined request waits for it.
          if (m_current) m_pause = Pause::MessageComplete;
        }
        notifyBody();
        continue;
      }
      if (err == HPE_PAUSED_UPGRADE) {
        // The rest of the stream would be another protocol: answer this request
        // as plain HTTP, then close.
        m_pendingOffset += used;
        m_stopParsing = true;
        m_closeAfterResponse = true;
        notifyBody();
        break;
      }
      int status = m_parseReject ? m_parseReject : 400;
      reject(status);
      break;
    }
    if (m_pendingOffset == m_pending.size()) {
      m_pending.clear();
      m_pendingOffset = 0;
    } else if (m_pendingOffset > kReadBufferSize) {
      m_pending.erase(0, m_pendingOffset);
      m_pendingOffset = 0;
    }
  } while (m_reprocess && !m_closing);
  m_processing = false;
  if (m_eof && !m_current && !m_closing && !m_lingering) {
    if (m_inHead || m_pendingOffset < m_pending.size()) return closeNow();
    return closeGracefully();
  }
  updateReading();
}

void HttpConnection::notifyBody() {
  if (!m_current) return;
  HttpExchange& exchange = *m_current;
  if (!exchange.m_bodyWaiting || exchange.m_finished) return;
  if (exchange.m_bodyQueue.empty() && !exchange.m_bodyEnded && exchange.m_bodyError.empty()) return;
  exchange.m_bodyWaiting = false;
  RequestHandle keep = m_current;
  if (m_core->delegate) m_core->delegate->onRequestBodyReady(keep);
}

void HttpConnection::dispatch(bool complete) {
  stopTimer();
  ++m_core->stats.requests;
  // The object and its reference count in one pooled block.
  RequestHandle exchange = allocateLocal<HttpExchange>(
      PooledAllocator<HttpExchange>(), HttpExchange::MadeByConnection(), this, m_core->nextExchangeId++,
      std::move(m_head));  // onMessageBegin() starts the next head afresh
  if (!exchange->m_head.hasBody()) {
    exchange->m_bodyEnded = true;
  }
  exchange->m_requestComplete = complete;
  m_current = exchange;
  if (m_core->draining) m_closeAfterResponse = true;
  if (m_core->delegate) m_core->delegate->onRequest(exchange);
}

bool HttpConnection::countHeadBytes(size_t length) {
  m_headBytes += length;
  if (m_headBytes <= m_core->options.maxHeaderBytes) return true;
  m_parseReject = 431;
  llhttp_set_error_reason(&m_parser, "request header section too large");
  return false;
}

int HttpConnection::onMessageBegin(llhttp_t* parser) {
  HttpConnection& self = from(parser);
  // The last head moved into its exchange: what is left is emptied in place
  // (cheaper than assigning a fresh head, four strings and a vector over).
  self.m_head.reset();
  // Room for a browser's usual dozen headers at once: growing 1, 2, 4, 8, 16
  // moved them four times.
  self.m_head.headers.reserve(12);
  self.m_field.clear();
  self.m_value.clear();
  self.m_inValue = false;
  self.m_completeOnly = false;
  self.m_inHead = true;
  self.m_headBytes = 0;
  self.m_parseReject = 0;
  self.armTimer(self.m_core->options.headersTimeoutMs);
  return 0;
}

int HttpConnection::onUrl(llhttp_t* parser, const char* at, size_t length) {
  HttpConnection& self = from(parser);
  if (!self.countHeadBytes(length)) return HPE_USER;
  self.m_head.target.append(at, length);
  return 0;
}

void HttpConnection::finishHeader() {
  if (!m_inValue) return;
  asciiLowerInPlace(m_field);
  std::string name = std::move(m_field);
  // Trailing whitespace of a value is not part of it (RFC 9110 5.5).
  while (!m_value.empty() && (m_value.back() == ' ' || m_value.back() == '\t')) m_value.pop_back();
  if (name == "host" && m_head.host.empty()) m_head.host = m_value;
  if (name == "expect" && equalsIgnoreAsciiCase(m_value, "100-continue")) m_head.expectContinue = true;
  m_head.headers.emplace_back(std::move(name), std::move(m_value));
  m_field.clear();
  m_value.clear();
  m_inValue = false;
}

int HttpConnection::onHeaderField(llhttp_t* parser, const char* at, size_t length) {
  HttpConnection& self = from(parser);
  if (!self.countHeadBytes(length + (self.m_inValue ? 4 : 0))) return HPE_USER;
  self.finishHeader();
  self.m_field.append(at, length);
  return 0;
}

int HttpConnection::onHeaderValue(llhttp_t* parser, const char* at, size_t length) {
  HttpConnection& self = from(parser);
  if (!self.countHeadBytes(length)) return HPE_USER;
  self.m_inValue = true;
  self.m_value.append(at, length);
  return 0;
}

int HttpConnection::onHeadersComplete(llhttp_t* parser) {
  HttpConnection& self = from(parser);
  self.finishHeader();
  self.m_inHead = false;
  HttpRequestHead& head = self.m_head;
  // The head is fresh (onMessageBegin), so appending is assigning, without replace().
  head.method.append(llhttp_method_name(static_cast<llhttp_method_t>(parser->method)));
  head.versionMajor = parser->http_major;
  head.versionMinor = parser->http_minor;
  head.chunked = (parser->flags & F_CHUNKED) != 0;
  if (!head.chunked && (parser->flags & F_CONTENT_LENGTH)) head.contentLength = parser->content_length;
  head.keepAlive = llhttp_should_keep_alive(parser) != 0;
  // Upgrade (WebSocket, h2c) is not spoken here: answered as plain HTTP, then closed.
  if (parser->upgrade) self.m_closeAfterResponse = true;
  if (head.contentLength && *head.contentLength > self.m_core->options.maxBodyBytes) {
    self.m_parseReject = 413;
    return -1;
  }
  if (parser->method == HTTP_CONNECT) {
    self.m_parseReject = 501;
    return -1;
  }
  head.remoteAddress = self.m_remoteAddress;
  // A request without a body is dispatched whole, from onMessageComplete in
  // this same run of the parser (paused here, llhttp would report its end only
  // when run again, on no input).
  if (!head.hasBody() && !parser->upgrade) {
    self.m_completeOnly = true;
    return 0;
  }
  self.m_pause = Pause::HeadersComplete;
  return HPE_PAUSED;
}

int HttpConnection::onBody(llhttp_t* parser, const char* at, size_t length) {
  HttpConnection& self = from(parser);
  if (!self.m_current) return 0;
  HttpExchange& exchange = *self.m_current;
  exchange.m_bodyReceived += length;
  if (exchange.m_bodyReceived > self.m_core->options.maxBodyBytes) {
    self.m_parseReject = 413;
    llhttp_set_error_reason(parser, "request body too large");
    return HPE_USER;
  }
  // A response that finished early leaves the rest of its body to be skipped.
  if (!exchange.m_finished) {
    exchange.m_bodyQueue.append(at, length);
    exchange.noteNativeBytes(self.m_queuedBytes);
  }
  return 0;
}

int HttpConnection::onMessageComplete(llhttp_t* parser) {
  HttpConnection& self = from(parser);
  if (self.m_completeOnly) {
    self.m_completeOnly = false;
    self.m_pause = Pause::RequestComplete;
    return HPE_PAUSED;
  }
  if (!self.m_current) return 0;
  HttpExchange& exchange = *self.m_current;
  exchange.m_requestComplete = true;
  exchange.m_bodyEnded = true;
  if (exchange.m_finished) {
    self.m_current.reset();
    if (self.m_stopParsing) return HPE_PAUSED;
    self.armTimer(self.m_core->options.keepAliveTimeoutMs);
    return 0;
  }
  // The next pipelined request waits until this one is answered.
  self.m_pause = Pause::MessageComplete;
  return HPE_PAUSED;
}

HttpExchange::BodyChunk HttpConnection::readBody(HttpExchange& exchange) {
  HttpExchange::BodyChunk chunk;
  if (!exchange.m_bodyQueue.empty()) {
    chunk.status = HttpExchange::BodyStatus::Data;
    chunk.data.swap(exchange.m_bodyQueue);
    if (&exchange == m_current.get()) updateReading();
    return chunk;
  }
  if (exchange.m_bodyEnded) {
    chunk.status = HttpExchange::BodyStatus::End;
    return chunk;
  }
  if (!exchange.m_bodyError.empty() || exchange.m_finished) {
    chunk.status = HttpExchange::BodyStatus::Error;
    chunk.error = exchange.m_bodyError.empty() ? "the request is over" : exchange.m_bodyError;
    return chunk;
  }
  // The client waits for permission before it sends the body.
  if (exchange.m_head.expectContinue && !exchange.m_continueSent && !exchange.m_responseStarted) {
    exchange.m_continueSent = true;
    rawWrite("HTTP/1.1 100 Continue\r\n\r\n");
  }
  exchange.m_bodyWaiting = true;
  updateReading();
  return chunk;
}

bool HttpConnection::respond(HttpExchange& exchange, int status, std::string_view reason,
                             std::string_view packedHeaders, std::optional<uint64_t> contentLength) {
  if (m_closing) return false;
  const HttpRequestHead& head = exchange.m_head;
  exchange.m_responseStarted = true;
  exchange.m_status = status;
  bool isHead = head.method == "HEAD";
  bool noBodyStatus = (status >= 100 && status < 200) || status == 204 || status == 304;
  exchange.m_bodyAllowed = !isHead && !noBodyStatus;

  bool keepAlive = head.keepAlive && !m_core->draining && !m_closeAfterResponse && !m_stopParsing;
  // A client that waits for 100 Continue and never got it may still send its body.
  if (head.expectContinue && !exchange.m_continueSent && !exchange.m_requestComplete) keepAlive = false;

  if (m_lingering) return true;  // the connection is on its way out: nothing more is sent
  // The head is formatted straight into the output queue's buffer.
  std::string& out = m_output.tail();
  size_t before = out.size();
  int versionMinor = head.versionMinor == 0 && head.versionMajor == 1 ? 0 : 1;
  std::string_view line = reason.empty() ? statusLine(versionMinor, status) : std::string_view();
  if (!line.empty()) {
    out += line;
  } else {
    out += versionMinor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
    appendNumber(out, static_cast<uint64_t>(std::max(status, 0)));
    out += ' ';
    if (reason.empty()) {
      out += reasonPhrase(status);
    } else {
      appendSanitized(out, reason);
    }
    out += "\r\n";
  }
  // NUL separates the fields; a CR or LF anywhere needs the field by field fix.
  bool clean = std::memchr(packedHeaders.data(), '\r', packedHeaders.size()) == nullptr &&
               std::memchr(packedHeaders.data(), '\n', packedHeaders.size()) == nullptr;
  bool sawDate = false;
  std::optional<std::string_view> userLength;
  while (!packedHeaders.empty()) {
    size_t nameEnd = packedHeaders.find('\0');
    if (nameEnd == std::string_view::npos) break;
    size_t valueEnd = packedHeaders.find('\0', nameEnd + 1);
    if (valueEnd == std::string_view::npos) break;  // a name without its value: dropped
    std::string_view name = packedHeaders.substr(0, nameEnd);
    std::string_view value = packedHeaders.substr(nameEnd + 1, valueEnd - nameEnd - 1);
    packedHeaders.remove_prefix(valueEnd + 1);
    // Framing and hop-by-hop headers are the transport's.
    if (equalsIgnoreAsciiCase(name, "content-length")) {
      userLength = value;
      continue;
    }
    if (equalsIgnoreAsciiCase(name, "transfer-encoding") || equalsIgnoreAsciiCase(name, "connection") ||
        equalsIgnoreAsciiCase(name, "keep-alive"))
      continue;
    if (equalsIgnoreAsciiCase(name, "date")) sawDate = true;
    if (clean) {
      out += name;
      out += ": ";
      out += value;
    } else {
      appendSanitized(out, name);
      out += ": ";
      appendSanitized(out, value);
    }
    out += "\r\n";
  }
  if (!sawDate) {
    out += dateLine();
  }
  if (exchange.m_bodyAllowed) {
    if (contentLength) {
      exchange.m_contentLength = contentLength;
      out += "content-length: ";
      appendNumber(out, *contentLength);
      out += "\r\n";
    } else if (head.versionMajor == 1 && head.versionMinor >= 1) {
      exchange.m_chunked = true;
      out += "transfer-encoding: chunked\r\n";
    } else {
      keepAlive = false;  // HTTP/1.0 without a length: the close ends the body
    }
  } else if (isHead && !noBodyStatus) {
    // HEAD reports the length a GET would have, when anyone knows it.
    if (contentLength) {
      out += "content-length: ";
      appendNumber(out, *contentLength);
      out += "\r\n";
    } else if (userLength) {
      out += "content-length: ";
      appendSanitized(out, *userLength);
      out += "\r\n";
    }
  }
  if (!keepAlive) {
    out += "connection: close\r\n";
    m_closeAfterResponse = true;
  } else if (head.versionMinor == 0) {
    out += "connection: keep-alive\r\n";
  }
  out += "\r\n";
  m_queuedBytes += out.size() - before;
  m_core->scheduleFlush(this);
  return true;
}

HttpExchange::WriteResult HttpConnection::write(HttpExchange& exchange, std::string_view data) {
  if (m_closing || !exchange.m_bodyAllowed) return HttpExchange::WriteResult::Closed;
  if (data.empty()) return HttpExchange::WriteResult::Ok;
  if (exchange.m_contentLength) {
    uint64_t room = *exchange.m_contentLength - exchange.m_bytesWritten;
    if (data.size() > room) data = data.substr(0, room);  // never more than announced
    if (data.empty()) return HttpExchange::WriteResult::Closed;
  }
  exchange.m_bytesWritten += data.size();
  if (exchange.m_chunked) {
    char size[32];
    auto [end, ec] = std::to_chars(size, size + sizeof size, data.size(), 16);
    *end++ = '\r';
    *end++ = '\n';
    rawWrite(std::string_view(size, static_cast<size_t>(end - size)), data, "\r\n");
  } else {
    rawWrite(data);
  }
  exchange.noteNativeBytes(m_queuedBytes);
  if (m_queuedBytes >= m_core->options.writeHighWater) {
    exchange.m_wantWritable = true;
    return HttpExchange::WriteResult::Full;
  }
  return HttpExchange::WriteResult::Ok;
}

void HttpConnection::end(HttpExchange& exchange) {
  if (m_closing) return finishExchange(exchange, true);
  if (!exchange.m_responseStarted) {
    respond(exchange, 200, "", std::string_view(), 0);
  }
  if (exchange.m_bodyAllowed && exchange.m_contentLength &&
      exchange.m_bytesWritten < *exchange.m_contentLength) {
    // Fewer bytes than announced: the framing is broken, only a close can say so.
    return abort(exchange);
  }
  if (exchange.m_bodyAllowed && exchange.m_chunked) rawWrite("0\r\n\r\n");
  finishExchange(exchange, false);
}

void HttpConnection::abort(HttpExchange& exchange) {
  finishExchange(exchange, true);
  closeNow();
}

void HttpConnection::finishExchange(HttpExchange& exchange, bool aborted) {
  if (exchange.m_finished) return;
  exchange.m_finished = true;
  exchange.m_aborted = aborted;
  exchange.m_bodyWaiting = false;
  if (!exchange.m_requestComplete && !exchange.m_bodyEnded && exchange.m_bodyError.empty())
    exchange.m_bodyError = aborted ? "the request was aborted" : "the response was sent before the request body";
  exchange.m_bodyQueue.clear();
  // From now on the exchange answers on its own (its connection may go away).
  exchange.m_connection = nullptr;
  RequestHandle keep = m_current;  // the delegate may drop its own reference
  if (m_core->delegate) {
    // The delegate wants a handle; m_current is this exchange unless the connection moved on.
    RequestHandle handle = keep && keep.get() == &exchange ? keep : nullptr;
    if (handle) m_core->delegate->onRequestClosed(handle);
  }
  if (aborted || m_closing) return;
  if (m_closeAfterResponse) {
    m_stopParsing = true;
    // Close once the response is flushed (shutdown waits for the queued writes).
    return closeGracefully();
  }
  if (exchange.m_requestComplete) {
    if (m_current.get() == &exchange) m_current.reset();
    if (m_pause == Pause::MessageComplete) m_pause = Pause::None;
    if (m_pending.size() == m_pendingOffset) armTimer(m_core->options.keepAliveTimeoutMs);
    process();
  } else {
    // The request body is still arriving: it is read and skipped.
    updateReading();
  }
}

void HttpConnection::rawWrite(std::string_view a, std::string_view b, std::string_view c) {
  if (m_closing || m_lingering) return;
  for (std::string_view part : {a, b, c}) {
    m_queuedBytes += part.size();
    m_output.append(part);
  }
  m_core->scheduleFlush(this);
}

void HttpConnection::rawWriteOwned(std::string&& bytes) {
  if (m_closing || m_lingering) return;
  m_queuedBytes += bytes.size();
  m_output.append(std::move(bytes));
  m_core->scheduleFlush(this);
}

void HttpConnection::flush() {
  if (m_output.empty() || m_closing) return;
  auto* stream = reinterpret_cast<uv_stream_t*>(&m_tcp);
  size_t taken = 0;
  // Usually the socket takes it all: one send(), no write request, no POLLOUT
  // re-arming. Only while libuv has nothing queued, or the order would break.
  uv_os_fd_t fd;
  if (uv_stream_get_write_queue_size(stream) == 0 && uv_fileno(reinterpret_cast<uv_handle_t*>(&m_tcp), &fd) == 0) {
    ssize_t sent = m_output.sendTo(fd);
    if (sent < 0) return closeNow();
    taken = static_cast<size_t>(sent);
  }
  if (!m_output.empty()) {
    auto* req = new WriteReq{};
    req->req.data = req;
    req->connection = this;
    req->parts = m_output.takeAll();
    req->bytes = 0;
    std::vector<uv_buf_t> bufs;
    bufs.reserve(req->parts.size());
    for (std::string& part : req->parts) {
      bufs.push_back(uv_buf_init(part.data(), static_cast<unsigned>(part.size())));
      req->bytes += part.size();
    }
    int rc = uv_write(&req->req, stream, bufs.data(), static_cast<unsigned>(bufs.size()),
                      [](uv_write_t* r, int status) {
                        auto* w = static_cast<WriteReq*>(r->data);
                        w->connection->onWriteDone(w, status);
                      });
    if (rc != 0) {
      delete req;
      return closeNow();
    }
  }
  if (taken) onWritten(taken);
}

void HttpConnection::onWriteDone(WriteReq* req, int status) {
  size_t bytes = req->bytes;
  delete req;
  if (status != 0) {
    m_queuedBytes -= bytes;
    return closeNow();
  }
  onWritten(bytes);
}

void HttpConnection::onWritten(size_t bytes) {
  m_queuedBytes -= bytes;
  if (m_current && m_current->m_wantWritable && m_queuedBytes <= m_core->options.writeHighWater / 2) {
    m_current->m_wantWritable = false;
    RequestHandle keep = m_current;
    if (m_core->delegate) m_core->delegate->onResponseWritable(keep);
  }
}

void HttpConnection::reject(int status) {
  if (m_closing || m_lingering) return;
  switch (status) {
    case 400: ++m_core->stats.rejected400; break;
    case 413: ++m_core->stats.rejected413; break;
    case 431: ++m_core->stats.rejected431; break;
    default: break;
  }
  m_stopParsing = true;
  if (m_current) {
    HttpExchange& exchange = *m_current;
    if (exchange.m_bodyError.empty())
      exchange.m_bodyError = status == 413 ? "the request body exceeds the server's limit"
                                           : "the request body is malformed";
    // Answer for the handler unless it already answered. The exchange ends
    // first: a handler reading the body then sees its error, not a chance to
    // answer on its own.
    bool answer = !exchange.m_responseStarted && !exchange.m_finished;
    if (answer) exchange.m_status = status;
    if (!exchange.m_finished) {
      RequestHandle keep = m_current;
      finishExchange(exchange, true);
    }
    if (!answer) return closeNow();
  }
  std::string body = std::string(reasonPhrase(status)) + "\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) +
                    "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: " +
                    std::to_string(body.size()) + "\r\nconnection: close\r\n" + dateLine() + "\r\n" + body;
  rawWriteOwned(std::move(out));
  closeGracefully();
}

void HttpConnection::closeGracefully() {
  if (m_closing || m_lingering) return;
  flush();  // the shutdown waits for libuv's queue, not ours
  if (m_closing) return;
  m_lingering = true;
  m_stopParsing = true;
  stopTimer();
  m_shutdown.data = this;
  int rc = uv_shutdown(&m_shutdown, reinterpret_cast<uv_stream_t*>(&m_tcp), [](uv_shutdown_t* req, int status) {
    auto* self = static_cast<HttpConnection*>(req->data);
    if (status != 0 || self->m_closing) return self->closeNow();
    // Written and shut down: read (and drop) what the client still sends, briefly
    // (unless the server is going away: then the answer is out, that is enough).
    self->m_shutdownDone = true;
    if (self->m_eof || self->m_core->draining) return self->closeNow();
    self->armTimer(kLingerMs);
    self->m_reading = false;
    self->updateReading();
  });
  if (rc != 0) closeNow();
}

void HttpConnection::drain() {
  if (m_shutdownDone) return closeNow();
  m_closeAfterResponse = true;
  // A finished exchange can stay current until the parser resumes (a GET's
  // message-complete comes after the answer): the connection is idle then.
  bool busy = m_current && !m_current->m_finished;
  if (!busy && !m_inHead) closeGracefully();
}

void HttpConnection::closeNow() {
  if (m_closing) return;
  m_closing = true;
  m_output.clear();
  m_core->cancelFlush(this);
  if (m_current && !m_current->m_finished) {
    RequestHandle keep = m_current;
    finishExchange(*keep, true);
  }
  if (m_current) m_current->m_connection = nullptr;
  m_current.reset();
  auto onClose = [](uv_handle_t* h) { static_cast<HttpConnection*>(h->data)->onClosed(); };
  uv_close(reinterpret_cast<uv_handle_t*>(&m_tcp), onClose);
  uv_close(reinterpret_cast<uv_handle_t*>(&m_timer), onClose);
}

void HttpConnection::onClosed() {
  if (--m_openHandles > 0) return;
  std::shared_ptr<HttpServer::Core> core = std::move(m_core);
  std::function<void()> done = core->connectionGone(this);
  delete this;
  if (done) done();
}

// --- HttpServer -------------------------------------------------------------

HttpServer::Core::~Core() { closeFlushHandles(); }

void HttpServer::Core::closeFlushHandles() {
  auto deleteHandle = [](uv_handle_t* h) {
    if (h->type == UV_CHECK)
      delete reinterpret_cast<uv_check_t*>(h);
    else
      delete reinterpret_cast<uv_idle_t*>(h);
  };
  for (uv_handle_t* h : {reinterpret_cast<uv_handle_t*>(flushCheck), reinterpret_cast<uv_handle_t*>(flushIdle)}) {
    // A handle the loop's teardown already closed (uv_walk) is left to it.
    if (h && !uv_is_closing(h)) uv_close(h, deleteHandle);
  }
  flushCheck = nullptr;
  flushIdle = nullptr;
}

void HttpServer::Core::scheduleFlush(HttpConnection* connection) {
  if (connection->flushScheduled) return;
  connection->flushScheduled = true;
  unflushed.push_back(connection);
  if (unflushed.size() > 1) return;
  if (!flushCheck) {
    if (!listenerOpen && connections.empty()) return;  // the server is gone
    flushCheck = new uv_check_t{};
    flushIdle = new uv_idle_t{};
    uv_check_init(loop, flushCheck);
    uv_idle_init(loop, flushIdle);
    flushCheck->data = this;
    flushIdle->data = this;
  }
  uv_check_start(flushCheck, [](uv_check_t* h) { static_cast<Core*>(h->data)->flushAll(); });
  uv_idle_start(flushIdle, [](uv_idle_t* h) { static_cast<Core*>(h->data)->flushAll(); });
}

void HttpServer::Core::cancelFlush(HttpConnection* connection) {
  if (!connection->flushScheduled) return;
  connection->flushScheduled = false;
  std::erase(unflushed, connection);
}

void HttpServer::Core::flushAll() {
  // A flush can call into the delegate (writable), which may queue more: that
  // lands in a fresh list, flushed on the next round.
  std::shared_ptr<Core> keep = shared_from_this();
  std::vector<HttpConnection*> batch;
  batch.swap(unflushed);
  unflushed.swap(flushSpare);  // keeps its capacity: no allocation per round
  for (HttpConnection* connection : batch) {
    if (!connection->flushScheduled) continue;  // closed meanwhile
    connection->flushScheduled = false;
    connection->flush();
  }
  batch.clear();
  if (flushSpare.capacity() < batch.capacity()) flushSpare.swap(batch);
  if (unflushed.empty() && flushCheck) {
    uv_check_stop(flushCheck);
    uv_idle_stop(flushIdle);
  }
}

void HttpServer::Core::closeListener() {
  if (!listenerOpen) return;
  listenerOpen = false;
  uv_close(reinterpret_cast<uv_handle_t*>(&listener), [](uv_handle_t* h) {
    auto* core = static_cast<Core*>(h->data);
    core->listenerRef.reset();  // may destroy the core
  });
}

std::function<void()> HttpServer::Core::connectionGone(HttpConnection* connection) {
  connections.erase(connection);
  std::function<void()> done;
  if (draining && connections.empty() && drainDone) {
    done = std::move(drainDone);
    drainDone = nullptr;
  }
  return done;
}

HttpServer::HttpServer(uv_loop_t* loop, HttpServerOptions options, HttpServerDelegate* delegate)
    : m_core(std::make_shared<Core>()) {
  m_core->loop = loop;
  m_core->options = options;
  m_core->delegate = delegate;
  HttpConnection::installCallbacks(m_core->settings);
  uv_tcp_init(loop, &m_core->listener);
  m_core->listener.data = m_core.get();
  m_core->listenerOpen = true;
  m_core->listenerRef = m_core;
}

HttpServer::~HttpServer() {
  m_core->delegate = nullptr;
  m_core->drainDone = nullptr;
  closeAll();
  m_core->closeFlushHandles();  // the connections are closing: nothing more to write
}

int HttpServer::listen(const std::string& host, int port) {
  sockaddr_storage address{};
  int rc;
  if (host.find(':') != std::string::npos)
    rc = uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&address));
  else
    rc = uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&address));
  if (rc != 0) {
    // A name ("localhost"): resolve it synchronously, once, at startup.
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    uv_getaddrinfo_t req;
    rc = uv_getaddrinfo(m_core->loop, &req, nullptr, host.c_str(), nullptr, &hints);
    if (rc != 0) return rc;
    if (!req.addrinfo) return UV_EAI_NONAME;
    std::memcpy(&address, req.addrinfo->ai_addr, req.addrinfo->ai_addrlen);
    uv_freeaddrinfo(req.addrinfo);
    if (address.ss_family == AF_INET)
      reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(static_cast<uint16_t>(port));
    else
      reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(static_cast<uint16_t>(port));
  }
  if (!m_core->listenerOpen) return UV_EINVAL;
  rc = uv_tcp_bind(&m_core->listener, reinterpret_cast<const sockaddr*>(&address), 0);
  if (rc != 0) return rc;
  rc = uv_listen(reinterpret_cast<uv_stream_t*>(&m_core->listener), m_core->options.backlog,
                 [](uv_stream_t* server, int status) {
                   auto* core = static_cast<Core*>(server->data);
                   if (status != 0 || core->draining) return;
                   auto* connection = new HttpConnection(core->shared_from_this());
                   if (uv_accept(server, reinterpret_cast<uv_stream_t*>(connection->tcp())) != 0) {
                     connection->closeNow();
                     return;
                   }
                   connection->start({});
                 });
  if (rc != 0) return rc;
  sockaddr_storage bound{};
  int length = sizeof bound;
  uv_tcp_getsockname(&m_core->listener, reinterpret_cast<sockaddr*>(&bound), &length);
  m_core->host = formatAddress(bound);
  m_core->port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                   : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return 0;
}

int HttpServer::port() const { return m_core->port; }
const std::string& HttpServer::host() const { return m_core->host; }

int HttpServer::adopt(uv_os_sock_t socket, std::string alreadyRead) {
  auto* connection = new HttpConnection(m_core);
  int rc = uv_tcp_open(connection->tcp(), socket);
  if (rc != 0) {
    ::close(socket);
    connection->closeNow();
    return rc;
  }
  if (m_core->draining) {
    connection->closeNow();
    return UV_ECANCELED;
  }
  connection->start(std::move(alreadyRead));
  return 0;
}

void HttpServer::drain(std::function<void()> done) {
  m_core->draining = true;
  m_core->drainDone = std::move(done);
  m_core->closeListener();
  // Copy: a connection may close (and leave the set) while we walk it.
  std::vector<HttpConnection*> connections(m_core->connections.begin(), m_core->connections.end());
  for (HttpConnection* connection : connections) connection->drain();
  if (m_core->connections.empty() && m_core->drainDone) {
    std::function<void()> callback = std::move(m_core->drainDone);
    m_core->drainDone = nullptr;
    callback();
  }
}

void HttpServer::closeAll() {
  m_core->draining = true;
  m_core->closeListener();
  std::vector<HttpConnection*> connections(m_core->connections.begin(), m_core->connections.end());
  for (HttpConnection* connection : connections) connection->closeNow();
}

size_t HttpServer::connectionCount() const { return m_core->connections.size(); }
const HttpServerStats& HttpServer::stats() const { return m_core->stats; }

}  // namespace nano::net
