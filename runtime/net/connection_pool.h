#pragma once
// Connections of the fetch client and the keep-alive pool that hands them out:
// at most kMaxPerOrigin per origin, idle ones closed after kIdleTimeoutMs by an
// unref'd timer, never reused with unread data.
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <uv.h>

#include "dns.h"
#include "http_client_common.h"
#include "telemetry/records.h"
#include "tls.h"

namespace nano {

struct Origin {
  bool tls = false;
  std::string host;  // as in the URL (IPv6 in brackets)
  int port = 0;
  std::string key() const { return (tls ? "https://" : "http://") + host + ":" + std::to_string(port); }
  std::string bareHost() const;
};

// Whoever uses a connection: the HTTP exchange in progress on it.
class ConnectionUser {
 public:
  virtual ~ConnectionUser() = default;
  virtual void onConnectionData(const char* data, size_t length) = 0;
  // The peer closed (error null) or the connection failed.
  virtual void onConnectionClosed(const NetError* error) = 0;
};

class ConnectionPool;

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const Origin& origin() const { return m_origin; }
  // Whether an earlier exchange used it (a stale keep-alive may fail at once).
  bool reused() const { return m_uses > 1; }
  void setUser(ConnectionUser* user);
  // Sends plaintext (through TLS when on); done(status) when the socket took
  // it, never after the connection is gone.
  void write(std::string data, std::function<void(int status)> done);
  // Backpressure: no socket reads while paused. A paused connection does not
  // keep the loop alive (a body nobody reads must not hang the process).
  void pauseReading();
  void resumeReading();
  bool readingPaused() const { return m_readPaused; }
  // TLS bytes received but not yet read: a reused connection must have none.
  bool hasBufferedInput() const { return m_tls && m_tls->hasBufferedInput(); }

 private:
  friend class ConnectionPool;
  enum class State { Resolving, Connecting, Handshaking, Open, Closed };
  struct Socket {
    uv_tcp_t handle;
    uv_connect_t connect;
    Connection* owner;
    std::shared_ptr<NetStats> stats;
  };
  struct WriteRequest {
    uv_write_t req;
    std::string data;
    Socket* socket;
    std::function<void(int)> done;
  };
  struct Establish {
    std::function<void(telemetry::FetchPhase)> phase;
    std::function<void()> done;
    std::function<void(const NetError&)> failed;
  };

  Connection(ConnectionPool& pool, Origin origin);
  void establish(uint64_t timeoutMs, Establish callbacks);
  void connectNext();
  void startTls();
  void continueHandshake();
  void established();
  void failEstablish(const NetError& error);
  void closeSocket();
  void startReading();
  void handleRead(ssize_t nread, const uv_buf_t* buf);
  void drainTls();
  void flushTls();
  void deliver(const char* data, size_t length);
  void fail(const NetError* error);
  void updateRef();
  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onConnect(uv_connect_t* req, int status);
  static void onWrite(uv_write_t* req, int status);

  ConnectionPool& m_pool;
  Origin m_origin;
  State m_state = State::Resolving;
  Socket* m_socket = nullptr;
  DnsLookup* m_lookup = nullptr;
  std::vector<sockaddr_storage> m_addresses;
  size_t m_addressIndex = 0;
  NetError m_lastConnectError;
  std::unique_ptr<TlsSession> m_tls;
  std::unique_ptr<char[]> m_plain;  // TLS plaintext buffer (one record)
  std::unique_ptr<UvTimer> m_timer;  // connect timeout, then idle timeout
  Establish m_establish;
  ConnectionUser* m_user = nullptr;
  bool m_reading = false;
  bool m_readPaused = false;
  bool m_idle = false;
  int m_uses = 0;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

// Whoever waits for a connection: gets phases while one is set up for it,
// then the connection or the error.
class ConnectionWaiter {
 public:
  virtual ~ConnectionWaiter() = default;
  virtual void onPoolPhase(telemetry::FetchPhase phase) = 0;
  virtual void onPoolConnection(Connection* connection) = 0;
  virtual void onPoolError(const NetError& error) = 0;
};

class ConnectionPool {
 public:
  static constexpr size_t kMaxPerOrigin = 6;
  static constexpr uint64_t kIdleTimeoutMs = 30000;

  ConnectionPool(uv_loop_t* loop, std::shared_ptr<NetStats> stats,
                 std::function<const TlsContext*()> tlsContext);
  ~ConnectionPool();  // closes every connection without calling anyone back
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection is handed over before this returns; otherwise one is
  // set up (or the waiter queues when the origin is at its limit). `fresh`
  // skips idle connections (a retry after a stale keep-alive).
  void acquire(const Origin& origin, ConnectionWaiter* waiter, uint64_t connectTimeoutMs, bool fresh);
  // The waiter no longer wants a connection; its attempt is closed.
  void cancel(ConnectionWaiter* waiter);
  // Back from an exchange: kept idle (or given to the next waiter) when reusable.
  void release(Connection* connection, bool reusable);

  uv_loop_t* loop() const { return m_loop; }
  const std::shared_ptr<NetStats>& stats() const { return m_stats; }
  // Shared socket read buffer: data is consumed within each read callback.
  char* readBuffer() { return m_readBuffer.get(); }
  static constexpr size_t kReadBufferSize = 64 * 1024;

 private:
  friend class Connection;
  struct Queued {
    ConnectionWaiter* waiter;
    uint64_t connectTimeoutMs;
  };
  struct OriginState {
    Origin origin;
    std::vector<std::unique_ptr<Connection>> connections;
    std::deque<Connection*> idle;
    std::deque<Queued> queue;
  };

  void startAttempt(OriginState& state, ConnectionWaiter* waiter, uint64_t connectTimeoutMs);
  void startQueued(const std::string& key);
  void destroy(Connection* connection);
  void onIdleClosed(Connection* connection);

  uv_loop_t* m_loop;
  std::shared_ptr<NetStats> m_stats;
  std::function<const TlsContext*()> m_tlsContext;
  std::unique_ptr<char[]> m_readBuffer;
  std::unordered_map<std::string, OriginState> m_origins;
  std::unordered_map<ConnectionWaiter*, Connection*> m_attempts;
  bool m_destroying = false;
};

}  // namespace nano
