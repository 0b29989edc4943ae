#pragma once
// The request head the inspector port reads before deciding between a plain
// HTTP answer (/json*) and a WebSocket upgrade.
#include <optional>
#include <utility>

#include <QByteArray>
#include <QList>

namespace nano::inspector {

struct HttpRequest {
  QByteArray method;
  QByteArray target;  // the request-target as sent ("/json/list", "/<uuid>")
  QList<std::pair<QByteArray, QByteArray>> headers;

  // The value of a header (case-insensitive name). nullopt when absent;
  // a header sent twice counts as malformed and gives an empty value.
  std::optional<QByteArray> header(QByteArrayView name) const;
  // "Upgrade: websocket" (RFC 6455 opening handshake).
  bool isWebSocketUpgrade() const;
  // The path without query or fragment.
  QByteArray path() const;
};

// Where the head ends (index just past "\r\n\r\n"), or -1 while incomplete.
qsizetype requestHeadEnd(const QByteArray& data);
// Parses a complete head. nullopt when it is not HTTP/1.x.
std::optional<HttpRequest> parseRequestHead(const QByteArray& head);
// Node's rule against DNS rebinding: a web page on evil.example whose name
// now resolves to 127.0.0.1 sends "Host: evil.example", which is refused.
// Allowed: no Host at all, "localhost", or an IPv4/IPv6 literal; any port.
bool isAllowedHost(const std::optional<QByteArray>& host);

}  // namespace nano::inspector
