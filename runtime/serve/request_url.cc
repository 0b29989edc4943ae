#include "request_url.h"

#include <ada.h>

namespace nano::serve {

namespace {
// Code points the URL parser copies unchanged into a special URL's path and
// query: no percent-encoding set contains them and none is a delimiter it
// rewrites ('\\' becomes '/', '#' starts a fragment).
constexpr bool isPlainByte(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
      return true;
    default:
      return false;
  }
}
}  // namespace

bool RequestUrl::isPlainTarget(std::string_view target) {
  if (target.empty() || target[0] != '/') return false;
  bool inQuery = false;
  char previous = 0;
  for (char c : target) {
    auto byte = static_cast<unsigned char>(c);
    if (!inQuery) {
      // "%2e" may be a dot segment, and "/." may start one: the parser decides.
      if (c == '%' || (c == '.' && previous == '/')) return false;
      if (c == '?') inQuery = true;
    } else if (c == '%') {
      previous = c;
      continue;  // kept as it is in a query
    }
    if (!isPlainByte(byte)) return false;
    previous = c;
  }
  return true;
}

bool RequestUrl::build(std::string_view host, std::string_view target, std::string* href) {
  if (host.empty()) host = "localhost";
  if (!m_known || host != m_host) {
    m_host.assign(host);
    m_known = true;
    m_origin.clear();
    auto url = ada::parse<ada::url_aggregator>("http://" + m_host + "/");
    // Only a Host that is a host (and port): nothing else may follow it.
    if (url && url->get_pathname() == "/" && !url->has_search() && !url->has_hash() &&
        !url->has_credentials()) {
      std::string_view serialized = url->get_href();
      m_origin.assign(serialized.substr(0, serialized.size() - 1));
    }
  }
  if (m_origin.empty() || !isPlainTarget(target)) return false;
  href->reserve(m_origin.size() + target.size());
  href->assign(m_origin);
  href->append(target);
  return true;
}

}  // namespace nano::serve
