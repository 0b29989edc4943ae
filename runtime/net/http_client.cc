#include "http_client.h"

#include "../core/ascii.h"


namespace nano {

namespace {

std::string hex(size_t value) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[value & 15]);
    value >>= 4;
  } while (value);
  return out;
}

}  // namespace

// --- HttpClient -----------------------------------------------------------------

HttpClient::HttpClient(uv_loop_t* loop) : m_loop(loop) {
  m_pool = std::make_unique<ConnectionPool>(loop, m_stats, [this] { return tlsContext(); });
}

HttpClient::~HttpClient() { m_pool.reset(); }

const TlsContext* HttpClient::tlsContext() {
  if (!m_tlsTried) {
    m_tlsTried = true;
    m_tls = TlsContext::create(&m_warning);
  }
  return m_tls.get();
}

// --- HttpExchange ---------------------------------------------------------------

HttpExchange::HttpExchange(HttpClient& client, Origin origin, HttpRequestHead head, BodyMode bodyMode,
                           std::string body, HttpExchangeOptions options, HttpExchangeDelegate* delegate)
    : m_client(client), m_origin(std::move(origin)), m_head(std::move(head)), m_bodyMode(bodyMode),
      m_body(std::move(body)), m_options(options), m_delegate(delegate),
      m_readTimer(std::make_unique<UvTimer>(client.loop(), client.stats())) {
  llhttp_settings_init(&m_settings);
  m_settings.on_message_begin = &HttpExchange::onMessageBegin;
  m_settings.on_status = &HttpExchange::onStatus;
  m_settings.on_header_field = &HttpExchange::onHeaderField;
  m_settings.on_header_value = &HttpExchange::onHeaderValue;
  m_settings.on_headers_complete = &HttpExchange::onHeadersComplete;
  m_settings.on_body = &HttpExchange::onBody;
  m_settings.on_message_complete = &HttpExchange::onMessageComplete;
  resetParser();
}

HttpExchange::~HttpExchange() {
  *m_alive = false;
  if (m_waiting) m_client.pool().cancel(this);
  if (m_connection) {
    Connection* connection = m_connection;
    m_connection = nullptr;
    // Mid-message (or with a request still going out): never reusable.
    m_client.pool().release(connection, false);
  }
}

void HttpExchange::resetParser() {
  llhttp_init(&m_parser, HTTP_RESPONSE, &m_settings);
  m_parser.data = this;
  m_raw.clear();
  m_rawOffset = 0;
  m_external = nullptr;
  m_externalLength = 0;
  m_response = {};
  m_field.clear();
  m_inValue = false;
  m_interim = false;
  m_parserPaused = false;
}

void HttpExchange::start() {
  m_waiting = true;
  m_client.pool().acquire(m_origin, this, m_options.connectTimeoutMs, m_retried);
}

void HttpExchange::onPoolPhase(telemetry::FetchPhase phase) { m_delegate->onExchangePhase(phase); }

void HttpExchange::onPoolConnection(Connection* connection) {
  m_waiting = false;
  m_connection = connection;
  connection->setUser(this);
  m_reusedConnection = connection->reused();
  m_bytesReceivedHere = 0;
  sendRequest();
}

void HttpExchange::onPoolError(const NetError& error) {
  m_waiting = false;
  fail(error);
}

void HttpExchange::sendRequest() {
  std::string data;
  size_t size = m_head.method.size() + m_head.target.size() + 16;
  for (const auto& [name, value] : m_head.headers) size += name.size() + value.size() + 4;
  data.reserve(size + (m_bodyMode == BodyMode::Full ? m_body.size() : 0));
  data += m_head.method;
  data += ' ';
  data += m_head.target;
  data += " HTTP/1.1\r\n";
  for (const auto& [name, value] : m_head.headers) {
    data += name;
    data += ": ";
    data += value;
    data += "\r\n";
  }
  data += "\r\n";
  if (m_bodyMode == BodyMode::Full) data += m_body;  // kept: a stale keep-alive retry resends it
  m_delegate->onExchangePhase(telemetry::FetchPhase::Sending);
  updateReadTimer();
  writeRaw(std::move(data), m_bodyMode != BodyMode::Stream);
}

void HttpExchange::writeRaw(std::string data, bool last) {
  if (!m_connection) return;
  size_t length = data.size();
  auto alive = m_alive;
  m_connection->write(std::move(data), [this, alive, length, last](int status) {
    if (!*alive || m_failed) return;
    if (status < 0) {
      if (status == UV_ECANCELED) return;
      // The response may already be on its way (a server answering early and
      // closing): let the read side report; retry a stale keep-alive.
      if (canRetry()) return retry();
      return fail(netErrorFromUv(status, "write"));
    }
    m_bytesSent += length;
    updateReadTimer();
    if (last) {
      m_requestSent = true;
      if (!m_headDelivered && !m_headReady && !m_messageComplete)
        m_delegate->onExchangePhase(telemetry::FetchPhase::Waiting);
    } else if (m_bodyMode == BodyMode::Stream && !m_messageComplete) {
      m_delegate->onRequestBodyWanted();
    }
  });
}

void HttpExchange::writeBodyChunk(std::string chunk) {
  if (!m_connection || m_failed || m_messageComplete) return;
  m_bodyStarted = true;
  if (chunk.empty()) return m_delegate->onRequestBodyWanted();
  std::string framed = hex(chunk.size());
  framed.reserve(framed.size() + chunk.size() + 4);
  framed += "\r\n";
  framed += chunk;
  framed += "\r\n";
  writeRaw(std::move(framed), false);
}

void HttpExchange::finishBody() {
  if (!m_connection || m_failed || m_messageComplete) return;
  m_bodyStarted = true;
  writeRaw("0\r\n\r\n", true);
}

void HttpExchange::resume() {
  if (!m_paused) return;
  m_paused = false;
  pump();
}

void HttpExchange::discardBody() {
  m_discarding = true;
  m_identity.clear();
  m_decoder.reset();
  while (!m_failed && !m_messageComplete && (hasInput() || m_parserPaused)) {
    if (!parseInput()) return;
  }
}

void HttpExchange::onConnectionData(const char* data, size_t length) {
  m_bytesReceived += length;
  m_bytesReceivedHere += length;
  if (m_pumping || hasInput()) {
    // Behind input not parsed yet: queue it in order.
    if (m_rawOffset == m_raw.size()) {
      m_raw.clear();
      m_rawOffset = 0;
    }
    m_raw.append(data, length);
    return pump();
  }
  m_raw.clear();
  m_rawOffset = 0;
  m_external = data;
  m_externalLength = length;
  auto alive = m_alive;
  pump();
  if (!*alive || !m_externalLength) return;
  // Unparsed (a paused parser): copy it before the read buffer is reused,
  // ahead of anything queued meanwhile.
  m_raw.insert(0, m_external, m_externalLength);
  m_rawOffset = 0;
  m_external = nullptr;
  m_externalLength = 0;
}

void HttpExchange::pump() {
  if (m_pumping || m_failed) return;
  m_pumping = true;
  auto alive = m_alive;
  bool decoderStalled = false;
  while (!m_failed) {
    if (m_headReady) {
      m_headReady = false;
      m_headDelivered = true;
      m_delegate->onExchangePhase(telemetry::FetchPhase::Receiving);
      if (!*alive) return;
      m_delegate->onResponseHead(std::move(m_response));
      if (!*alive) return;
      continue;
    }
    if (m_headDelivered && !m_paused) {
      std::string chunk;
      if (!m_identity.empty()) {
        chunk.swap(m_identity);
      } else if (m_decoder && !decoderStalled && m_decoder->hasPending()) {
        if (!m_decoder->produce(chunk, kMaxChunk)) {
          m_pumping = false;
          return fail(m_decoder->error());
        }
        if (chunk.empty()) decoderStalled = true;  // needs more input
      }
      if (!chunk.empty()) {
        bool more = m_delegate->onResponseBody(std::move(chunk));
        if (!*alive) return;
        if (!more) m_paused = true;
        continue;
      }
    }
    if (!m_messageComplete && (hasInput() || m_parserPaused)) {
      if (!parseInput()) {
        if (*alive) m_pumping = false;
        return;
      }
      decoderStalled = false;
      continue;
    }
    break;
  }
  m_pumping = false;
  if (m_failed) return;
  bool decoded = !m_decoder || decoderStalled || !m_decoder->hasPending();
  if (m_messageComplete && m_headDelivered && !m_completeDelivered && m_identity.empty() && decoded) {
    m_completeDelivered = true;
    m_readTimer->stop();
    m_delegate->onResponseComplete();
    return;
  }
  if (m_headDelivered && !m_completeDelivered) {
    m_delegate->onInputDrained();
    if (!*alive || m_failed) return;
  }
  updateReadTimer();
  if (m_connection) {
    if (m_paused)
      m_connection->pauseReading();
    else
      m_connection->resumeReading();  // may deliver buffered TLS data: pump again
  }
}

bool HttpExchange::parseInput() {
  bool external = m_externalLength > 0;
  const char* start = external ? m_external : m_raw.data() + m_rawOffset;
  size_t length = external ? m_externalLength : m_raw.size() - m_rawOffset;
  // After a pause at the end of the head, run even without input: a message
  // without body (204, Content-Length: 0) completes without another byte.
  m_parserPaused = false;
  llhttp_errno_t rc = llhttp_execute(&m_parser, start, length);
  size_t consumed = rc == HPE_OK       ? length
                    : rc == HPE_PAUSED ? static_cast<size_t>(llhttp_get_error_pos(&m_parser) - start)
                                       : 0;
  if (external) {
    m_external += consumed;
    m_externalLength -= consumed;
  } else {
    m_rawOffset += consumed;
  }
  if (rc == HPE_OK) return true;
  if (rc == HPE_PAUSED) {
    llhttp_resume(&m_parser);
    m_parserPaused = !m_messageComplete;
    if (m_messageComplete) {
      // Never reuse a connection with unread data, a request still going out,
      // or a response that ends only when the server closes.
      bool reusable = !hasInput() && m_requestSent && llhttp_should_keep_alive(&m_parser) && m_connection &&
                      !m_connection->hasBufferedInput();
      m_raw.clear();
      m_rawOffset = 0;
      m_external = nullptr;
      m_externalLength = 0;
      releaseConnection(reusable);
    }
    return true;
  }
  if (m_headBytes > kMaxHeadBytes) {
    fail({"HPE_HEADER_OVERFLOW", "the response head is larger than " + std::to_string(kMaxHeadBytes / 1024) + " KiB"});
  } else if (m_response.status == 101) {
    fail({"ERR_UNSUPPORTED_UPGRADE", "the server switched protocols (101), which fetch does not support"});
  } else {
    fail({llhttp_errno_name(rc), std::string("invalid HTTP response: ") + llhttp_get_error_reason(&m_parser)});
  }
  return false;
}

void HttpExchange::releaseConnection(bool reusable) {
  m_readTimer->stop();
  if (!m_connection) return;
  Connection* connection = m_connection;
  m_connection = nullptr;
  m_client.pool().release(connection, reusable);
}

void HttpExchange::onConnectionClosed(const NetError* error) {
  NetError copy = error ? *error : NetError{};
  bool eof = !error;
  if (eof && !m_messageComplete && (m_headReady || m_headDelivered) && llhttp_message_needs_eof(&m_parser)) {
    // A body without Content-Length or chunking ends when the server closes.
    llhttp_finish(&m_parser);
    releaseConnection(false);
    if (m_messageComplete) return pump();
  }
  releaseConnection(false);
  if (m_messageComplete) return;  // closed after the last byte: nothing lost
  if (!m_headReady && !m_headDelivered && canRetry()) return retry();
  if (eof) copy = {"ECONNRESET", "other side closed the connection before the response was complete"};
  fail(copy);
}

bool HttpExchange::canRetry() const {
  // A keep-alive connection the server closed just as we reused it: try once
  // more on a new one, if the request can be sent again.
  return m_reusedConnection && !m_retried && m_bytesReceivedHere == 0 && !m_failed &&
         !(m_bodyMode == BodyMode::Stream && m_bodyStarted);
}

void HttpExchange::retry() {
  releaseConnection(false);
  m_retried = true;
  m_requestSent = false;
  m_bodyStarted = false;
  resetParser();
  start();
}

void HttpExchange::fail(const NetError& error) {
  if (m_failed) return;
  m_failed = true;
  m_readTimer->stop();
  releaseConnection(false);
  if (m_waiting) {
    m_waiting = false;
    m_client.pool().cancel(this);
  }
  if (m_discarding) return;
  NetError copy = error;
  m_delegate->onExchangeError(copy);
}

void HttpExchange::updateReadTimer() {
  bool active = m_connection && !m_messageComplete && !m_paused && !m_failed && m_options.readTimeoutMs;
  if (!active) return m_readTimer->stop();
  uint64_t timeout = m_options.readTimeoutMs;
  m_readTimer->start(timeout, [this, timeout] {
    fail({"ETIMEDOUT", "read ETIMEDOUT: no data from " + m_origin.host + ":" + std::to_string(m_origin.port) +
                           " for " + std::to_string(timeout) + " ms"});
  });
}

// --- llhttp callbacks -------------------------------------------------------------

int HttpExchange::onMessageBegin(llhttp_t* parser) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  self->m_response = {};
  self->m_field.clear();
  self->m_inValue = false;
  self->m_headBytes = 0;
  return 0;
}

int HttpExchange::onStatus(llhttp_t* parser, const char* at, size_t length) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  if ((self->m_headBytes += length) > kMaxHeadBytes) return -1;
  self->m_response.statusText.append(at, length);
  return 0;
}

int HttpExchange::onHeaderField(llhttp_t* parser, const char* at, size_t length) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  if ((self->m_headBytes += length) > kMaxHeadBytes) return -1;
  if (self->m_inValue) {
    self->m_inValue = false;
    self->m_field.clear();
  }
  self->m_field.append(at, length);
  return 0;
}

int HttpExchange::onHeaderValue(llhttp_t* parser, const char* at, size_t length) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  if ((self->m_headBytes += length) > kMaxHeadBytes) return -1;
  if (!self->m_inValue) {
    self->m_inValue = true;
    // One allocation for a typical response's headers, not one per doubling.
    if (self->m_response.headers.empty()) self->m_response.headers.reserve(8);
    self->m_response.headers.emplace_back(asciiLowerCopy(self->m_field), std::string());
  }
  self->m_response.headers.back().second.append(at, length);
  return 0;
}

int HttpExchange::onHeadersComplete(llhttp_t* parser) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  int status = parser->status_code;
  self->m_response.status = status;
  if (status == 101) return -1;
  if (status >= 100 && status < 200) {
    self->m_interim = true;  // 100 Continue, 103 Early Hints: the real response follows
    return 0;
  }
  // Values may end in whitespace (llhttp keeps it); header values are trimmed.
  for (auto& [name, value] : self->m_response.headers) {
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  }
  self->m_headReady = true;
  bool noBody = self->m_options.headRequest || status == 204 || status == 205 || status == 304;
  if (!noBody) {
    std::string codings;
    for (const auto& [name, value] : self->m_response.headers) {
      if (name != "content-encoding") continue;
      if (!codings.empty()) codings += ", ";
      codings += value;
    }
    self->m_decoder = BodyDecoder::create(codings);
  }
  // HEAD: no body whatever the headers say; the message completes at once.
  if (self->m_options.headRequest) return 1;
  return HPE_PAUSED;  // hand the head over before any body byte
}

int HttpExchange::onBody(llhttp_t* parser, const char* at, size_t length) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  if (self->m_discarding) return 0;
  if (self->m_decoder)
    self->m_decoder->append(at, length);
  else
    self->m_identity.append(at, length);
  return 0;
}

int HttpExchange::onMessageComplete(llhttp_t* parser) {
  auto* self = static_cast<HttpExchange*>(parser->data);
  if (self->m_interim) {
    self->m_interim = false;
    return 0;
  }
  self->m_messageComplete = true;
  return HPE_PAUSED;  // what follows is not ours
}

}  // namespace nano
