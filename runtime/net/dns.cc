#include "dns.h"

#include <cstring>

namespace nano {

DnsLookup::DnsLookup(std::shared_ptr<NetStats> stats, Callback callback)
    : m_stats(std::move(stats)), m_callback(std::move(callback)) {
  m_req.data = this;
}

int DnsLookup::start(uv_loop_t* loop, const std::string& host, int port,
                     std::shared_ptr<NetStats> stats, Callback callback, DnsLookup** lookup) {
  *lookup = nullptr;
  auto* self = new DnsLookup(std::move(stats), std::move(callback));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  std::string service = std::to_string(port);
  int status = uv_getaddrinfo(loop, &self->m_req, &DnsLookup::onResolved, host.c_str(),
                              service.c_str(), &hints);
  if (status != 0) {
    delete self;
    return status;
  }
  ++self->m_stats->dnsLookups;
  *lookup = self;
  return 0;
}

void DnsLookup::cancel() {
  m_callback = nullptr;
  // Succeeds only while queued; then onResolved gets UV_EAI_CANCELED.
  uv_cancel(reinterpret_cast<uv_req_t*>(&m_req));
}

void DnsLookup::onResolved(uv_getaddrinfo_t* req, int status, addrinfo* result) {
  std::unique_ptr<DnsLookup> self(static_cast<DnsLookup*>(req->data));
  --self->m_stats->dnsLookups;
  std::vector<sockaddr_storage> addresses;
  for (addrinfo* ai = result; status == 0 && ai; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    sockaddr_storage address{};
    std::memcpy(&address, ai->ai_addr, ai->ai_addrlen);
    addresses.push_back(address);
  }
  if (result) uv_freeaddrinfo(result);
  if (status == 0 && addresses.empty()) status = UV_EAI_NONAME;
  Callback callback = std::move(self->m_callback);
  self.reset();
  if (callback) callback(status, std::move(addresses));
}

bool parseIpLiteral(const std::string& host, int port, sockaddr_storage* address) {
  std::memset(address, 0, sizeof *address);
  std::string bare = host;
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']')
    bare = bare.substr(1, bare.size() - 2);
  if (uv_ip4_addr(bare.c_str(), port, reinterpret_cast<sockaddr_in*>(address)) == 0) return true;
  if (uv_ip6_addr(bare.c_str(), port, reinterpret_cast<sockaddr_in6*>(address)) == 0) return true;
  return false;
}

std::string formatAddress(const sockaddr_storage& address) {
  char ip[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    uv_ip6_name(in6, ip, sizeof ip);
    return "[" + std::string(ip) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(&address);
  uv_ip4_name(in4, ip, sizeof ip);
  return std::string(ip) + ":" + std::to_string(ntohs(in4->sin_port));
}

NetError dnsError(int status, const std::string& host) {
  std::string code;
  switch (status) {
    case UV_EAI_NONAME:
    case UV_EAI_NODATA:
    case UV_EAI_FAIL:
      code = "ENOTFOUND";  // as Node names "no such host"
      break;
    case UV_EAI_AGAIN: code = "EAI_AGAIN"; break;
    case UV_EAI_CANCELED: code = "ECANCELED"; break;
    default: code = uv_err_name(status); break;
  }
  return {code, "getaddrinfo " + code + " " + host + " (" + uv_strerror(status) + ")"};
}

}  // namespace nano
