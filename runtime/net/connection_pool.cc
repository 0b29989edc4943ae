#include "connection_pool.h"

#include <algorithm>

namespace nano {

namespace {

constexpr size_t kPlainBufferSize = 16 * 1024;  // one TLS record

}  // namespace

std::string Origin::bareHost() const {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

// --- Connection ---------------------------------------------------------------

Connection::Connection(ConnectionPool& pool, Origin origin)
    : m_pool(pool), m_origin(std::move(origin)),
      m_timer(std::make_unique<UvTimer>(pool.loop(), pool.stats())) {
  ++m_pool.stats()->liveConnections;
}

Connection::~Connection() {
  *m_alive = false;
  if (m_lookup) m_lookup->cancel();
  closeSocket();
  if (m_idle) --m_pool.stats()->idleConnections;
  --m_pool.stats()->liveConnections;
}

void Connection::closeSocket() {
  if (!m_socket) return;
  m_socket->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&m_socket->handle), [](uv_handle_t* handle) {
    auto* socket = static_cast<Socket*>(handle->data);
    --socket->stats->handles;
    delete socket;
  });
  m_socket = nullptr;
  m_reading = false;
}

void Connection::establish(uint64_t timeoutMs, Establish callbacks) {
  m_establish = std::move(callbacks);
  if (timeoutMs) {
    m_timer->start(timeoutMs, [this, timeoutMs] {
      failEstablish({"ETIMEDOUT", "connect ETIMEDOUT " + m_origin.host + ":" + std::to_string(m_origin.port) +
                                      " (no connection after " + std::to_string(timeoutMs) + " ms)"});
    });
  }
  sockaddr_storage literal;
  if (parseIpLiteral(m_origin.bareHost(), m_origin.port, &literal)) {
    m_addresses = {literal};
    connectNext();
    return;
  }
  m_state = State::Resolving;
  if (m_establish.phase) m_establish.phase(telemetry::FetchPhase::Dns);
  std::string host = m_origin.bareHost();
  int status = DnsLookup::start(
      m_pool.loop(), host, m_origin.port, m_pool.stats(),
      [this, host](int status, std::vector<sockaddr_storage> addresses) {
        m_lookup = nullptr;
        if (status != 0) return failEstablish(dnsError(status, host));
        m_addresses = std::move(addresses);
        connectNext();
      },
      &m_lookup);
  if (status != 0) failEstablish(dnsError(status, host));
}

void Connection::connectNext() {
  if (m_addressIndex >= m_addresses.size()) return failEstablish(m_lastConnectError);
  if (m_state != State::Connecting) {
    m_state = State::Connecting;
    if (m_establish.phase) m_establish.phase(telemetry::FetchPhase::Connecting);
  }
  closeSocket();
  const sockaddr_storage& address = m_addresses[m_addressIndex++];
  m_socket = new Socket{{}, {}, this, m_pool.stats()};
  m_socket->handle.data = m_socket;
  m_socket->connect.data = m_socket;
  uv_tcp_init(m_pool.loop(), &m_socket->handle);
  ++m_pool.stats()->handles;
  uv_tcp_nodelay(&m_socket->handle, 1);
  int status = uv_tcp_connect(&m_socket->connect, &m_socket->handle,
                              reinterpret_cast<const sockaddr*>(&address), &Connection::onConnect);
  if (status != 0) {
    m_lastConnectError = netErrorFromUv(status, "connect");
    m_lastConnectError.message = "connect " + m_lastConnectError.code + " " + formatAddress(address);
    connectNext();
  }
}

void Connection::onConnect(uv_connect_t* req, int status) {
  auto* socket = static_cast<Socket*>(req->data);
  Connection* self = socket->owner;
  if (!self) return;  // closed while connecting
  if (status < 0) {
    const sockaddr_storage& address = self->m_addresses[self->m_addressIndex - 1];
    self->m_lastConnectError = {uv_err_name(status),
                                std::string("connect ") + uv_err_name(status) + " " + formatAddress(address)};
    self->connectNext();
    return;
  }
  if (self->m_origin.tls)
    self->startTls();
  else
    self->established();
}

void Connection::startTls() {
  const TlsContext* context = m_pool.m_tlsContext();
  if (!context) return failEstablish({"ERR_SSL", "TLS is not available"});
  m_state = State::Handshaking;
  if (m_establish.phase) m_establish.phase(telemetry::FetchPhase::Tls);
  m_tls = std::make_unique<TlsSession>(*context, m_origin.bareHost());
  m_plain.reset(new char[kPlainBufferSize]);
  startReading();
  continueHandshake();
}

void Connection::continueHandshake() {
  TlsSession::Result result = m_tls->handshake();
  flushTls();  // ClientHello, Finished, or the alert that explains a failure
  if (result == TlsSession::Result::Done) return established();
  if (result == TlsSession::Result::Failed) return failEstablish(m_tls->error());
}

void Connection::established() {
  m_state = State::Open;
  m_timer->stop();
  startReading();
  Establish callbacks = std::move(m_establish);
  m_establish = {};
  if (callbacks.done) callbacks.done();
}

void Connection::failEstablish(const NetError& error) {
  m_timer->stop();
  if (m_lookup) {
    m_lookup->cancel();
    m_lookup = nullptr;
  }
  NetError copy = error;  // may live in m_tls
  closeSocket();
  m_state = State::Closed;
  Establish callbacks = std::move(m_establish);
  m_establish = {};
  if (callbacks.failed) callbacks.failed(copy);  // destroys this
}

void Connection::setUser(ConnectionUser* user) {
  m_user = user;
  updateRef();
}

void Connection::updateRef() {
  if (!m_socket) return;
  auto* handle = reinterpret_cast<uv_handle_t*>(&m_socket->handle);
  bool keepsAlive = m_state != State::Open || (m_user && !m_readPaused);
  keepsAlive ? uv_ref(handle) : uv_unref(handle);
}

void Connection::startReading() {
  if (!m_socket || m_reading || m_readPaused) return;
  if (uv_read_start(reinterpret_cast<uv_stream_t*>(&m_socket->handle), &Connection::onAlloc,
                    &Connection::onRead) == 0)
    m_reading = true;
}

void Connection::pauseReading() {
  if (m_readPaused) return;
  m_readPaused = true;
  if (m_reading && m_socket) uv_read_stop(reinterpret_cast<uv_stream_t*>(&m_socket->handle));
  m_reading = false;
  updateRef();
}

void Connection::resumeReading() {
  if (!m_readPaused) return;
  m_readPaused = false;
  updateRef();
  if (m_state != State::Open) return;
  if (m_tls && m_tls->hasBufferedInput()) {
    auto alive = m_alive;
    drainTls();
    if (!*alive || m_readPaused || m_state != State::Open) return;
  }
  startReading();
}

void Connection::onAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* socket = static_cast<Socket*>(handle->data);
  if (!socket->owner) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  *buf = uv_buf_init(socket->owner->m_pool.readBuffer(), ConnectionPool::kReadBufferSize);
}

void Connection::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* socket = static_cast<Socket*>(stream->data);
  if (socket->owner) socket->owner->handleRead(nread, buf);
}

void Connection::handleRead(ssize_t nread, const uv_buf_t* buf) {
  if (nread == 0) return;
  if (nread < 0) {
    if (m_state == State::Handshaking) {
      return failEstablish(nread == UV_EOF
                               ? NetError{"ECONNRESET",
                                          "socket closed before the TLS connection was established"}
                               : netErrorFromUv(static_cast<int>(nread), "read"));
    }
    if (nread == UV_EOF) return fail(nullptr);
    NetError error = netErrorFromUv(static_cast<int>(nread), "read");
    return fail(&error);
  }
  if (!m_tls) return deliver(buf->base, static_cast<size_t>(nread));
  m_tls->feed(buf->base, static_cast<size_t>(nread));
  if (m_state == State::Handshaking) {
    auto alive = m_alive;
    continueHandshake();
    if (!*alive || m_state != State::Open) return;
  }
  drainTls();
}

void Connection::drainTls() {
  auto alive = m_alive;
  while (m_state == State::Open && !m_readPaused) {
    size_t length = 0;
    TlsSession::Result result = m_tls->read(m_plain.get(), kPlainBufferSize, &length);
    if (result == TlsSession::Result::Done) {
      deliver(m_plain.get(), length);
      if (!*alive) return;
      continue;
    }
    if (result == TlsSession::Result::WantMore) break;
    flushTls();
    if (result == TlsSession::Result::Closed) return fail(nullptr);
    NetError error = m_tls->error();
    return fail(&error);
  }
  flushTls();  // key updates, ticket acknowledgements
}

void Connection::flushTls() {
  if (!m_tls || !m_socket || !m_tls->hasOutput()) return;
  std::string data = m_tls->takeOutput();
  auto* request = new WriteRequest{{}, std::move(data), m_socket, nullptr};
  request->req.data = request;
  uv_buf_t buf = uv_buf_init(request->data.data(), static_cast<unsigned>(request->data.size()));
  if (uv_write(&request->req, reinterpret_cast<uv_stream_t*>(&m_socket->handle), &buf, 1,
               &Connection::onWrite) != 0)
    delete request;
}

void Connection::deliver(const char* data, size_t length) {
  // Bytes on a connection nobody uses: the peer misbehaves; never reuse it.
  if (!m_user) return m_pool.onIdleClosed(this);
  m_user->onConnectionData(data, length);
}

void Connection::fail(const NetError* error) {
  NetError copy = error ? *error : NetError{};
  closeSocket();
  m_state = State::Closed;
  if (m_user)
    m_user->onConnectionClosed(error ? &copy : nullptr);
  else
    m_pool.onIdleClosed(this);
}

void Connection::write(std::string data, std::function<void(int status)> done) {
  if (m_state != State::Open || !m_socket) {
    if (done) done(UV_ENOTCONN);
    return;
  }
  if (m_tls) {
    if (!m_tls->write(data.data(), data.size())) {
      if (done) done(UV_EPROTO);
      return;
    }
    data = m_tls->takeOutput();
  }
  auto* request = new WriteRequest{{}, std::move(data), m_socket, std::move(done)};
  request->req.data = request;
  uv_buf_t buf = uv_buf_init(request->data.data(), static_cast<unsigned>(request->data.size()));
  int status = uv_write(&request->req, reinterpret_cast<uv_stream_t*>(&m_socket->handle), &buf, 1,
                        &Connection::onWrite);
  if (status != 0) {
    std::function<void(int)> callback = std::move(request->done);
    delete request;
    if (callback) callback(status);
  }
}

void Connection::onWrite(uv_write_t* req, int status) {
  std::unique_ptr<WriteRequest> request(static_cast<WriteRequest*>(req->data));
  // libuv reports pending writes before the close callback frees the socket.
  if (!request->socket->owner || !request->done) return;
  std::function<void(int)> done = std::move(request->done);
  request.reset();
  done(status);
}

// --- ConnectionPool -------------------------------------------------------------

ConnectionPool::ConnectionPool(uv_loop_t* loop, std::shared_ptr<NetStats> stats,
                               std::function<const TlsContext*()> tlsContext)
    : m_loop(loop), m_stats(std::move(stats)), m_tlsContext(std::move(tlsContext)),
      m_readBuffer(new char[kReadBufferSize]) {}

ConnectionPool::~ConnectionPool() {
  m_destroying = true;
  m_attempts.clear();
  m_origins.clear();
}

void ConnectionPool::acquire(const Origin& origin, ConnectionWaiter* waiter, uint64_t connectTimeoutMs,
                             bool fresh) {
  std::string key = origin.key();
  OriginState& state = m_origins[key];
  if (state.connections.empty() && state.queue.empty()) state.origin = origin;
  if (fresh && !state.idle.empty()) {
    // A retry after a stale keep-alive: the other idle ones are suspect too.
    while (!state.idle.empty()) destroy(state.idle.front());
  }
  if (!state.idle.empty()) {
    Connection* connection = state.idle.back();  // most recently used: least likely timed out
    state.idle.pop_back();
    connection->m_idle = false;
    --m_stats->idleConnections;
    connection->m_timer->stop();
    ++connection->m_uses;
    ++m_stats->connectionsReused;
    waiter->onPoolConnection(connection);
    return;
  }
  if (state.connections.size() < kMaxPerOrigin)
    startAttempt(state, waiter, connectTimeoutMs);
  else
    state.queue.push_back({waiter, connectTimeoutMs});
}

void ConnectionPool::startAttempt(OriginState& state, ConnectionWaiter* waiter, uint64_t connectTimeoutMs) {
  state.connections.push_back(std::unique_ptr<Connection>(new Connection(*this, state.origin)));
  Connection* connection = state.connections.back().get();
  connection->m_uses = 1;
  m_attempts[waiter] = connection;
  std::string key = state.origin.key();
  connection->establish(
      connectTimeoutMs,
      {[waiter](telemetry::FetchPhase phase) { waiter->onPoolPhase(phase); },
       [this, waiter, connection] {
         m_attempts.erase(waiter);
         ++m_stats->connectionsOpened;
         waiter->onPoolConnection(connection);
       },
       [this, waiter, connection, key](const NetError& error) {
         m_attempts.erase(waiter);
         destroy(connection);
         waiter->onPoolError(error);
         startQueued(key);
       }});
}

void ConnectionPool::startQueued(const std::string& key) {
  for (;;) {
    auto it = m_origins.find(key);
    if (it == m_origins.end()) return;
    OriginState& state = it->second;
    if (state.queue.empty() || state.connections.size() >= kMaxPerOrigin) {
      if (state.connections.empty() && state.queue.empty()) m_origins.erase(it);
      return;
    }
    Queued next = state.queue.front();
    state.queue.pop_front();
    startAttempt(state, next.waiter, next.connectTimeoutMs);
  }
}

void ConnectionPool::destroy(Connection* connection) {
  auto it = m_origins.find(connection->m_origin.key());
  if (it == m_origins.end()) return;
  OriginState& state = it->second;
  if (connection->m_idle) std::erase(state.idle, connection);
  for (auto attempt = m_attempts.begin(); attempt != m_attempts.end(); ++attempt) {
    if (attempt->second == connection) {
      m_attempts.erase(attempt);
      break;
    }
  }
  auto owned = std::find_if(state.connections.begin(), state.connections.end(),
                            [&](const auto& c) { return c.get() == connection; });
  if (owned != state.connections.end()) state.connections.erase(owned);
}

void ConnectionPool::cancel(ConnectionWaiter* waiter) {
  if (m_destroying) return;
  auto attempt = m_attempts.find(waiter);
  if (attempt != m_attempts.end()) {
    Connection* connection = attempt->second;
    std::string key = connection->m_origin.key();
    m_attempts.erase(attempt);
    destroy(connection);
    startQueued(key);
    return;
  }
  for (auto it = m_origins.begin(); it != m_origins.end(); ++it) {
    auto& queue = it->second.queue;
    auto queued = std::find_if(queue.begin(), queue.end(), [&](const Queued& q) { return q.waiter == waiter; });
    if (queued == queue.end()) continue;
    queue.erase(queued);
    if (it->second.connections.empty() && queue.empty()) m_origins.erase(it);
    return;
  }
}

void ConnectionPool::release(Connection* connection, bool reusable) {
  if (m_destroying) return;
  std::string key = connection->m_origin.key();
  connection->setUser(nullptr);
  if (!reusable || connection->m_state != Connection::State::Open) {
    destroy(connection);
    startQueued(key);
    return;
  }
  OriginState& state = m_origins[key];
  if (!state.queue.empty()) {
    Queued next = state.queue.front();
    state.queue.pop_front();
    ++connection->m_uses;
    ++m_stats->connectionsReused;
    next.waiter->onPoolConnection(connection);
    return;
  }
  connection->m_idle = true;
  ++m_stats->idleConnections;
  state.idle.push_back(connection);
  // Keep reading while idle: the peer closing (or sending junk) retires it.
  connection->resumeReading();
  connection->startReading();
  connection->m_timer->start(kIdleTimeoutMs, [this, connection] { onIdleClosed(connection); });
}

void ConnectionPool::onIdleClosed(Connection* connection) {
  std::string key = connection->m_origin.key();
  destroy(connection);
  startQueued(key);
}

}  // namespace nano
