#pragma once
// HttpServer: the HTTP/1.1 transport of `nanojs serve` on libuv + llhttp. No V8:
// it parses requests, enforces limits (431, 413, 400 without asking anyone),
// frames responses (Content-Length or chunked, HEAD, keep-alive, pipelining in
// order) and applies flow control both ways. What to answer is decided by an
// HttpServerDelegate. Everything runs on the thread that owns the loop.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <uv.h>

#include "../core/local_ptr.h"

namespace nano::net {

struct HttpServerOptions {
  // Request line plus header section; larger heads get 431 and the connection closes.
  size_t maxHeaderBytes = 64 * 1024;
  // Request bodies (declared or received); larger ones get 413 and the connection closes.
  uint64_t maxBodyBytes = 100ull * 1024 * 1024;
  // Request body bytes buffered for a consumer that does not read: reading the socket
  // stops above this and resumes once the consumer took them.
  size_t bodyQueueBytes = 256 * 1024;
  // Response bytes queued on the socket above which write() answers Full; the
  // writer gets onResponseWritable() once the queue drained below half of it.
  size_t writeHighWater = 256 * 1024;
  // An idle keep-alive connection, or one that does not finish its request head, closes.
  uint64_t keepAliveTimeoutMs = 5000;
  uint64_t headersTimeoutMs = 30000;
  int backlog = 511;
};

struct HttpHeader {
  std::string name;  // lower-cased on requests; as given on responses
  std::string value;
};

struct HttpRequestHead {
  std::string method;
  std::string target;  // request-target as sent: origin-form "/path?q" or absolute-form
  std::string host;    // the Host header, "" when absent
  int versionMajor = 1;
  int versionMinor = 1;
  std::vector<HttpHeader> headers;
  std::optional<uint64_t> contentLength;
  bool chunked = false;
  bool keepAlive = true;
  bool expectContinue = false;
  std::string remoteAddress;
  bool hasBody() const { return chunked || (contentLength && *contentLength > 0); }
  // Back to a default head, keeping what capacity the members have (every
  // member above is listed: keep it so when adding one).
  void reset() {
    method.clear();
    target.clear();
    host.clear();
    versionMajor = 1;
    versionMinor = 1;
    headers.clear();
    contentLength.reset();
    chunked = false;
    keepAlive = true;
    expectContinue = false;
    remoteAddress.clear();
  }
};

class HttpConnection;
class HttpServerDelegate;

// One request/response exchange. Shared between the connection and the
// delegate; once the exchange is finished (response ended, aborted or the
// connection lost) every method is a harmless no-op.
class HttpExchange {
 public:
  enum class BodyStatus { Data, Pending, End, Error };
  struct BodyChunk {
    BodyStatus status = BodyStatus::Pending;
    std::string data;   // Data: everything queued so far, in one piece
    std::string error;  // Error: why the body cannot be read
  };
  enum class WriteResult { Ok, Full, Closed };

  // Only a connection makes exchanges (the key's constructor is its), from
  // the pool of per-request memory: see HttpConnection::dispatch.
  class MadeByConnection {
    friend class HttpConnection;
    MadeByConnection() = default;
  };
  HttpExchange(MadeByConnection, HttpConnection* connection, uint64_t id, HttpRequestHead&& head);

  uint64_t id() const { return m_id; }
  const HttpRequestHead& head() const { return m_head; }

  // Takes what the connection queued of the request body. Pending means "none yet":
  // the delegate gets onRequestBodyReady() when data, the end or an error arrives.
  BodyChunk readBody();

  // Starts the response. contentLength: the body's exact size when known (then
  // Content-Length), else chunked (HTTP/1.1) or close-delimited (HTTP/1.0).
  // Framing and hop-by-hop headers given by the caller are replaced. False when
  // a response was already started or the exchange is over.
  bool respond(int status, std::string_view reason, const std::vector<HttpHeader>& headers,
               std::optional<uint64_t> contentLength);
  // The same with the headers packed as "name\0value\0name\0value\0..." (what
  // JS hands over in one string; NUL cannot occur in a header).
  bool respondPacked(int status, std::string_view reason, std::string_view packedHeaders,
                     std::optional<uint64_t> contentLength);
  // Full: queued, but the writer should wait for onResponseWritable().
  // Closed: the exchange is over (client gone, or body not allowed): stop writing.
  WriteResult write(std::string_view data);
  // Completes the response; the exchange is finished afterwards.
  void end();
  // Gives up: the connection is dropped (used when a response fails half way).
  void abort();

  // HEAD, 1xx, 204 and 304 responses carry no body: write() then drops data.
  bool bodyAllowed() const { return m_bodyAllowed; }
  bool responseStarted() const { return m_responseStarted; }
  bool finished() const { return m_finished; }
  // True when the exchange ended without a complete response (client gone, error).
  bool aborted() const { return m_aborted; }
  int status() const { return m_status; }
  uint64_t bodyBytesReceived() const { return m_bodyReceived; }
  uint64_t bytesWritten() const { return m_bytesWritten; }
  // The most native memory this exchange held at once: its parsed head, the
  // request body not yet read, and the response bytes not yet flushed.
  uint64_t nativeBytesPeak() const { return m_nativePeak; }

 private:
  friend class HttpConnection;
  void noteNativeBytes(uint64_t unflushedResponse) {
    m_nativePeak = std::max(m_nativePeak, m_headBytes + m_bodyQueue.size() + unflushedResponse);
  }

  HttpConnection* m_connection;
  uint64_t m_id;
  HttpRequestHead m_head;
  uint64_t m_headBytes = 0;
  uint64_t m_nativePeak = 0;
  // Request body queue (filled by the connection, drained by readBody()).
  std::string m_bodyQueue;
  bool m_bodyEnded = false;
  std::string m_bodyError;
  bool m_bodyWaiting = false;   // the consumer saw Pending: notify it
  bool m_continueSent = false;  // 100 Continue answered an Expect
  uint64_t m_bodyReceived = 0;
  bool m_requestComplete = false;
  // Response state.
  bool m_responseStarted = false;
  bool m_bodyAllowed = true;
  bool m_chunked = false;
  std::optional<uint64_t> m_contentLength;
  uint64_t m_bytesWritten = 0;
  bool m_wantWritable = false;
  bool m_finished = false;
  bool m_aborted = false;
  int m_status = 0;

 public:
  // Owned by the delegate: whatever it needs to find its state again.
  void* userData = nullptr;
};

using RequestHandle = LocalPtr<HttpExchange>;  // runtime thread only

class HttpServerDelegate {
 public:
  virtual ~HttpServerDelegate() = default;
  // A request head arrived; the body (if any) follows through readBody().
  virtual void onRequest(const RequestHandle& request) = 0;
  // readBody() would now return something other than Pending.
  virtual void onRequestBodyReady(const RequestHandle& request) = 0;
  // After write() answered Full, the socket's queue drained below the low watermark.
  virtual void onResponseWritable(const RequestHandle& request) = 0;
  // The exchange is over: the response was ended, or it was aborted (client
  // gone, error). Called once for every request given to onRequest, possibly
  // from inside a call the delegate made (end(), abort()).
  virtual void onRequestClosed(const RequestHandle& request) = 0;
};

// Counts of what the transport answered by itself (tests and telemetry).
struct HttpServerStats {
  uint64_t connections = 0;
  uint64_t requests = 0;
  uint64_t rejected400 = 0;
  uint64_t rejected413 = 0;
  uint64_t rejected431 = 0;
  uint64_t readPauses = 0;  // times reading stopped because a body consumer fell behind
};

class HttpServer {
 public:
  HttpServer(uv_loop_t* loop, HttpServerOptions options, HttpServerDelegate* delegate);
  // Closes the listener and drops every connection; the delegate is not called again.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0: any free port) and listens. Returns 0 or a libuv error.
  int listen(const std::string& host, int port);
  // The bound port and host after listen().
  int port() const;
  const std::string& host() const;

  // Takes over a connected socket whose first bytes were already read elsewhere
  // (multi-app mode hands connections between loops). Returns 0 or a libuv error;
  // on error the socket is closed.
  int adopt(uv_os_sock_t socket, std::string alreadyRead);

  // Stops accepting; idle keep-alive connections close now, busy ones after
  // their current response (Connection: close). done() runs once none is left.
  void drain(std::function<void()> done);
  // Drops every connection now (grace period over).
  void closeAll();

  size_t connectionCount() const;
  const HttpServerStats& stats() const;

  struct Core;

 private:
  std::shared_ptr<Core> m_core;
};

// Reason phrase of a status code ("" when unknown).
const char* reasonPhrase(int status);

// The Host header's name part: "a.localhost:8787" -> "a.localhost", "[::1]:80" -> "::1".
std::string hostWithoutPort(std::string_view host);

}  // namespace nano::net
