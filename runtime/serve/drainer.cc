#include "drainer.h"

#include <cstdio>

#include "app_host.h"
#include "net/http_server.h"

namespace nano::serve {

Drainer::Drainer(uv_loop_t* loop, net::HttpServer& server, AppHost& host, uint64_t graceMs,
                 std::function<void()> finished)
    : m_server(server), m_host(host), m_graceMs(graceMs), m_finished(std::move(finished)) {
  m_timer = new uv_timer_t{};
  uv_timer_init(loop, m_timer);
  m_timer->data = this;
}

Drainer::~Drainer() {
  m_done = true;
  if (m_timer)
    uv_close(reinterpret_cast<uv_handle_t*>(m_timer),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
}

void Drainer::start() {
  if (m_started) return;
  m_started = true;
  uv_timer_start(m_timer, [](uv_timer_t* t) { static_cast<Drainer*>(t->data)->now(); }, m_graceMs, 0);
  m_server.drain([this] {
    m_connectionsDone = true;
    check();
  });
}

void Drainer::check() {
  if (m_done || !m_connectionsDone) return;
  // Connections are gone; waitUntil work may still be running.
  if (m_host.inFlight() > 0) return m_host.whenIdle([this] { check(); });
  finish();
}

void Drainer::now() {
  if (m_done) return;
  m_started = true;
  if (m_server.connectionCount() > 0 || m_host.inFlight() > 0)
    std::fprintf(stderr, "nanojs serve%s%s%s: grace period over, dropping %zu connection(s), %zu request(s)\n",
                 m_host.config().name.empty() ? "" : " [", m_host.config().name.c_str(),
                 m_host.config().name.empty() ? "" : "]", m_server.connectionCount(), m_host.inFlight());
  m_server.closeAll();
  finish();
}

void Drainer::finish() {
  if (m_done) return;
  m_done = true;
  uv_timer_stop(m_timer);
  if (m_finished) m_finished();
}

}  // namespace nano::serve
