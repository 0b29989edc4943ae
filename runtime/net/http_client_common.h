#pragma once
// Small pieces shared by the fetch client's layers (dns, tls, connection pool,
// http client): the error record, the per-runtime resource counters and a
// uv timer whose handle memory outlives its owner until libuv closes it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <uv.h>

namespace nano {

// A failed network operation: `code` is what scripts test (ECONNREFUSED,
// ENOTFOUND, ETIMEDOUT, ECONNRESET, a TLS/X509 name, an llhttp HPE_ name).
struct NetError {
  std::string code;
  std::string message;
};

// Live resources of one runtime's fetch client; tests assert they drop to zero.
// Shared with handle records so close callbacks after teardown stay valid.
struct NetStats {
  int64_t liveConnections = 0;  // connections connecting, in use or idle
  int64_t idleConnections = 0;
  int64_t handles = 0;          // uv handles (sockets, timers) not yet closed
  int64_t dnsLookups = 0;       // getaddrinfo requests not yet finished
  uint64_t connectionsOpened = 0;
  uint64_t connectionsReused = 0;
};

// NetError for a libuv status (UV_ECONNREFUSED -> "ECONNREFUSED").
NetError netErrorFromUv(int status, const std::string& context);

// A uv_timer_t that never keeps the loop alive on its own (timeouts only
// matter while something else is pending).
class UvTimer {
 public:
  UvTimer(uv_loop_t* loop, std::shared_ptr<NetStats> stats);
  ~UvTimer();
  UvTimer(const UvTimer&) = delete;
  UvTimer& operator=(const UvTimer&) = delete;

  void start(uint64_t ms, std::function<void()> fire);
  void stop();
  bool active() const;

 private:
  struct Handle {
    uv_timer_t timer;
    UvTimer* owner;
    std::shared_ptr<NetStats> stats;
  };
  Handle* m_handle;
  std::function<void()> m_fire;
};

}  // namespace nano
