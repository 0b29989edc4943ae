#pragma once
// Name resolution for the fetch client: uv_getaddrinfo on the threadpool,
// cancellable; IP literals never leave the loop thread.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <uv.h>

#include "http_client_common.h"

namespace nano {

class DnsLookup {
 public:
  using Callback = std::function<void(int status, std::vector<sockaddr_storage> addresses)>;

  // Starts a lookup of host (no brackets) for a TCP port. The callback runs on
  // the loop thread, unless cancel() was called first. Returns a uv error and
  // no lookup when libuv refused to start it.
  static int start(uv_loop_t* loop, const std::string& host, int port,
                   std::shared_ptr<NetStats> stats, Callback callback, DnsLookup** lookup);
  // Drops the callback and asks libuv to cancel; a lookup already running on
  // the threadpool finishes there and only frees itself.
  void cancel();

 private:
  DnsLookup(std::shared_ptr<NetStats> stats, Callback callback);
  static void onResolved(uv_getaddrinfo_t* req, int status, addrinfo* result);

  uv_getaddrinfo_t m_req{};
  std::shared_ptr<NetStats> m_stats;
  Callback m_callback;
};

// An IPv4 or IPv6 literal (brackets removed) as a socket address.
bool parseIpLiteral(const std::string& host, int port, sockaddr_storage* address);
// "host:port" for messages; IPv6 in brackets.
std::string formatAddress(const sockaddr_storage& address);
// The code scripts see for a failed lookup (ENOTFOUND, EAI_AGAIN, ...).
NetError dnsError(int status, const std::string& host);

}  // namespace nano
