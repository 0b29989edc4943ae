#include "http_request.h"

#include <arpa/inet.h>

#include <string>

namespace nano::inspector {

namespace {

bool isDigits(QByteArrayView text) {
  if (text.isEmpty() || text.size() > 5) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

bool isIpLiteral(QByteArrayView text, int family) {
  std::string copy(text.data(), static_cast<size_t>(text.size()));
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(family, copy.c_str(), buffer) == 1;
}

}  // namespace

std::optional<QByteArray> HttpRequest::header(QByteArrayView name) const {
  std::optional<QByteArray> found;
  for (const auto& [key, value] : headers) {
    if (key.compare(name, Qt::CaseInsensitive) != 0) continue;
    if (found) return QByteArray();
    found = value;
  }
  return found;
}

bool HttpRequest::isWebSocketUpgrade() const {
  std::optional<QByteArray> upgrade = header("Upgrade");
  return upgrade && upgrade->trimmed().compare("websocket", Qt::CaseInsensitive) == 0;
}

QByteArray HttpRequest::path() const {
  qsizetype end = target.size();
  for (char stop : {'?', '#'}) {
    qsizetype at = target.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  return target.left(end);
}

qsizetype requestHeadEnd(const QByteArray& data) {
  qsizetype at = data.indexOf("\r\n\r\n");
  return at < 0 ? -1 : at + 4;
}

std::optional<HttpRequest> parseRequestHead(const QByteArray& head) {
  QList<QByteArray> lines = head.split('\n');
  if (lines.isEmpty()) return std::nullopt;
  HttpRequest request;
  QList<QByteArray> first = lines[0].trimmed().split(' ');
  if (first.size() != 3 || !first[2].startsWith("HTTP/1.")) return std::nullopt;
  request.method = first[0];
  request.target = first[1];
  if (request.method.isEmpty() || !request.target.startsWith('/')) return std::nullopt;
  for (qsizetype i = 1; i < lines.size(); ++i) {
    QByteArray line = lines[i];
    if (line.endsWith('\r')) line.chop(1);
    if (line.isEmpty()) break;
    qsizetype colon = line.indexOf(':');
    if (colon <= 0) return std::nullopt;
    request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
  }
  return request;
}

bool isAllowedHost(const std::optional<QByteArray>& hostHeader) {
  if (!hostHeader) return true;  // HTTP/1.0 without Host: no browser sends that
  QByteArrayView host(*hostHeader);
  if (host.isEmpty()) return false;
  if (host.startsWith('[')) {
    qsizetype close = host.indexOf(']');
    if (close < 0) return false;
    QByteArrayView rest = host.sliced(close + 1);
    if (!rest.isEmpty() && !(rest.startsWith(':') && isDigits(rest.sliced(1)))) return false;
    return isIpLiteral(host.sliced(1, close - 1), AF_INET6);
  }
  qsizetype colon = host.lastIndexOf(':');
  if (colon >= 0) {
    if (!isDigits(host.sliced(colon + 1))) return false;
    host = host.first(colon);
  }
  if (host.compare("localhost", Qt::CaseInsensitive) == 0) return true;
  return isIpLiteral(host, AF_INET);
}

}  // namespace nano::inspector
