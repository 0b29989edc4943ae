#pragma once
// The HTTP/1.1 client under fetch(): one HttpExchange sends a request on a
// pooled connection and parses the response with llhttp, decoding the body
// (gzip/deflate/br) as the consumer asks for it. Everything runs on the
// runtime's uv loop; nothing here touches V8.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <llhttp.h>
#include <uv.h>

#include "connection_pool.h"
#include "http_client_common.h"
#include "http_client_decode.h"
#include "telemetry/records.h"

namespace nano {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequestHead {
  std::string method;
  std::string target;  // path and query
  HeaderList headers;  // complete, Host included
};

struct HttpResponseHead {
  int status = 0;
  std::string statusText;
  HeaderList headers;  // names lower-cased, in arrival order
};

// Per-runtime client: the pool, the TLS settings, the resource counters.
class HttpClient {
 public:
  explicit HttpClient(uv_loop_t* loop);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  ConnectionPool& pool() { return *m_pool; }
  uv_loop_t* loop() const { return m_loop; }
  const std::shared_ptr<NetStats>& stats() const { return m_stats; }
  // A warning from setting TLS up (NANO_EXTRA_CA_CERTS unreadable), once.
  std::string takeWarning() { return std::exchange(m_warning, {}); }
  // Loaded on first use: the system trust store plus NANO_EXTRA_CA_CERTS.
  const TlsContext* tlsContext();

 private:

  uv_loop_t* m_loop;
  std::shared_ptr<NetStats> m_stats = std::make_shared<NetStats>();
  std::unique_ptr<TlsContext> m_tls;
  bool m_tlsTried = false;
  std::string m_warning;
  std::unique_ptr<ConnectionPool> m_pool;
};

// What an exchange reports. Any callback may destroy the exchange.
class HttpExchangeDelegate {
 public:
  virtual ~HttpExchangeDelegate() = default;
  virtual void onExchangePhase(telemetry::FetchPhase phase) = 0;
  // Streamed request body: the previous chunk is on the wire, send the next.
  virtual void onRequestBodyWanted() = 0;
  virtual void onResponseHead(HttpResponseHead head) = 0;
  // Decoded body bytes, handed over; return false when the consumer is full (pause).
  virtual bool onResponseBody(std::string chunk) = 0;
  virtual void onResponseComplete() = 0;
  virtual void onExchangeError(const NetError& error) = 0;
  // The head was delivered, and so was every body byte the input held: more
  // needs the network (or a resume). A delegate that holds data back hands it on.
  virtual void onInputDrained() {}
};

struct HttpExchangeOptions {
  uint64_t connectTimeoutMs = 30000;
  uint64_t readTimeoutMs = 300000;
  bool headRequest = false;  // the response has no body whatever it says
};

class HttpExchange final : public ConnectionWaiter, public ConnectionUser {
 public:
  enum class BodyMode { None, Full, Stream };
  static constexpr size_t kMaxChunk = 64 * 1024;
  // A response head larger than this is an error, not a reason to buffer without end.
  static constexpr size_t kMaxHeadBytes = 256 * 1024;

  HttpExchange(HttpClient& client, Origin origin, HttpRequestHead head, BodyMode bodyMode,
               std::string body, HttpExchangeOptions options, HttpExchangeDelegate* delegate);
  ~HttpExchange() override;
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  void start();
  // Streamed request body, one call per onRequestBodyWanted().
  void writeBodyChunk(std::string chunk);
  void finishBody();
  // The response body consumer wants more (after onResponseBody returned false).
  void resume();
  // A redirect: the body is not wanted. When it is already in, the connection
  // goes back to the pool; otherwise destroying the exchange closes it.
  void discardBody();

  uint64_t bytesSent() const { return m_bytesSent; }
  uint64_t bytesReceived() const { return m_bytesReceived; }

  // ConnectionWaiter
  void onPoolPhase(telemetry::FetchPhase phase) override;
  void onPoolConnection(Connection* connection) override;
  void onPoolError(const NetError& error) override;
  // ConnectionUser
  void onConnectionData(const char* data, size_t length) override;
  void onConnectionClosed(const NetError* error) override;

 private:
  static int onMessageBegin(llhttp_t* parser);
  static int onStatus(llhttp_t* parser, const char* at, size_t length);
  static int onHeaderField(llhttp_t* parser, const char* at, size_t length);
  static int onHeaderValue(llhttp_t* parser, const char* at, size_t length);
  static int onHeadersComplete(llhttp_t* parser);
  static int onBody(llhttp_t* parser, const char* at, size_t length);
  static int onMessageComplete(llhttp_t* parser);

  void resetParser();
  void sendRequest();
  void writeRaw(std::string data, bool last);
  void pump();
  bool parseInput();
  void releaseConnection(bool reusable);
  void fail(const NetError& error);
  bool canRetry() const;
  void retry();
  void updateReadTimer();

  HttpClient& m_client;
  Origin m_origin;
  HttpRequestHead m_head;
  BodyMode m_bodyMode;
  std::string m_body;
  HttpExchangeOptions m_options;
  HttpExchangeDelegate* m_delegate;

  Connection* m_connection = nullptr;
  bool m_waiting = false;  // for the pool
  bool m_retried = false;
  bool m_reusedConnection = false;
  bool m_requestSent = false;
  bool m_bodyStarted = false;
  bool m_failed = false;
  uint64_t m_bytesSent = 0;
  uint64_t m_bytesReceived = 0;
  uint64_t m_bytesReceivedHere = 0;  // on the current connection
  std::unique_ptr<UvTimer> m_readTimer;

  llhttp_t m_parser{};
  llhttp_settings_t m_settings{};
  std::string m_raw;  // received, not yet parsed
  size_t m_rawOffset = 0;
  // Input parsed where it lies (the connection's read buffer) during one
  // onConnectionData; whatever is left of it moves to m_raw.
  const char* m_external = nullptr;
  size_t m_externalLength = 0;
  bool hasInput() const { return m_externalLength > 0 || m_rawOffset < m_raw.size(); }
  HttpResponseHead m_response;
  std::string m_field;
  bool m_inValue = false;
  size_t m_headBytes = 0;
  bool m_interim = false;
  bool m_headReady = false;      // parsed, not yet delivered
  bool m_headDelivered = false;
  bool m_messageComplete = false;
  bool m_completeDelivered = false;
  std::string m_identity;  // body bytes not yet delivered (no content coding)
  std::unique_ptr<BodyDecoder> m_decoder;
  bool m_paused = false;  // the consumer is full
  bool m_pumping = false;
  bool m_discarding = false;
  bool m_parserPaused = false;  // llhttp stopped after the head; run it once more
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace nano
