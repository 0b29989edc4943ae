#pragma once
// Drainer: the graceful end of one app's server. Stops accepting, lets
// in-flight requests (and their waitUntil work) finish, and gives up on them
// when the grace period is over; then runs finished() once. Runtime thread.
#include <cstdint>
#include <functional>

#include <uv.h>

namespace nano::net {
class HttpServer;
}

namespace nano::serve {

class AppHost;

class Drainer {
 public:
  Drainer(uv_loop_t* loop, net::HttpServer& server, AppHost& host, uint64_t graceMs,
          std::function<void()> finished);
  ~Drainer();
  Drainer(const Drainer&) = delete;
  Drainer& operator=(const Drainer&) = delete;

  void start();
  // The grace period is over now (a second signal).
  void now();
  bool started() const { return m_started; }

 private:
  void check();
  void finish();

  net::HttpServer& m_server;
  AppHost& m_host;
  uint64_t m_graceMs;
  std::function<void()> m_finished;
  uv_timer_t* m_timer = nullptr;
  bool m_started = false;
  bool m_connectionsDone = false;
  bool m_done = false;
};

}  // namespace nano::serve
