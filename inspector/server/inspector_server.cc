#include "inspector_server.h"

#include <mutex>
#include <vector>

#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace nano::inspector {

namespace {

constexpr int kHeadTimeoutMs = 10000;
constexpr const char* kHandedOver = "nanoHandedOver";

void respond(QTcpSocket* socket, QByteArrayView status, QByteArrayView contentType,
             const QByteArray& body) {
  QByteArray response;
  response += "HTTP/1.1 ";
  response += status;
  response += "\r\nContent-Type: ";
  response += contentType;
  response += "\r\nContent-Length: " + QByteArray::number(body.size()) +
              "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
  response += body;
  socket->write(response);
  socket->disconnectFromHost();  // after the bytes above are written
}

void respondError(QTcpSocket* socket, QByteArrayView status, QByteArrayView message) {
  respond(socket, status, "text/plain; charset=UTF-8", message.toByteArray() + "\n");
}

QString hostForUrls(QTcpSocket* socket, const std::optional<QByteArray>& hostHeader) {
  if (hostHeader && !hostHeader->isEmpty()) {
    QString host = QString::fromLatin1(*hostHeader);
    // "Host: 127.0.0.1" without a port: the URLs still need the one we listen on.
    bool hasPort = host.startsWith(QLatin1Char('['))
                       ? host.indexOf(QLatin1String("]:")) >= 0
                       : host.contains(QLatin1Char(':'));
    return hasPort ? host : host + QLatin1Char(':') + QString::number(socket->localPort());
  }
  QHostAddress address = socket->localAddress();
  QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                     ? QStringLiteral("[%1]").arg(address.toString())
                     : address.toString();
  return host + QLatin1Char(':') + QString::number(socket->localPort());
}

}  // namespace

// What the Outbound handles share with the server: cleared when the server goes.
struct InspectorServer::SharedState {
  std::mutex mutex;
  InspectorServer* server = nullptr;
};

class InspectorServer::SocketOutbound final : public Outbound {
 public:
  SocketOutbound(std::shared_ptr<SharedState> shared, int sessionId)
      : m_shared(std::move(shared)), m_sessionId(sessionId) {}

  // Any thread: the text goes to the server's thread in order; a posted call
  // whose server is destroyed meanwhile is dropped by Qt with it.
  void send(std::string message) override {
    std::lock_guard lock(m_shared->mutex);
    InspectorServer* server = m_shared->server;
    if (!server) return;
    QMetaObject::invokeMethod(
        server, [server, id = m_sessionId, text = std::move(message)] { server->deliver(id, text); },
        Qt::QueuedConnection);
  }

  void close() override {
    std::lock_guard lock(m_shared->mutex);
    InspectorServer* server = m_shared->server;
    if (!server) return;
    QMetaObject::invokeMethod(
        server, [server, id = m_sessionId] { server->closeSession(id); }, Qt::QueuedConnection);
  }

 private:
  std::shared_ptr<SharedState> m_shared;
  int m_sessionId;
};

InspectorServer::InspectorServer(ServerDelegate* delegate, Options options, QObject* parent)
    : QObject(parent),
      m_delegate(delegate),
      m_options(std::move(options)),
      m_ws(QStringLiteral("nanojs"), QWebSocketServer::NonSecureMode),
      m_shared(std::make_shared<SharedState>()) {
  m_shared->server = this;
  connect(&m_tcp, &QTcpServer::newConnection, this, &InspectorServer::onNewConnection);
  connect(&m_ws, &QWebSocketServer::newConnection, this, &InspectorServer::onUpgraded);
}

InspectorServer::~InspectorServer() {
  {
    std::lock_guard lock(m_shared->mutex);
    m_shared->server = nullptr;
  }
  for (auto& [id, socket] : m_sessions) {
    if (socket) QObject::disconnect(socket, nullptr, this, nullptr);
    m_delegate->endSession(id);
  }
  m_sessions.clear();
}

bool InspectorServer::listen() {
  QHostAddress address;
  if (!address.setAddress(m_options.host)) {
    // A name such as "localhost": bind its first address (a blocking lookup, once).
    QHostInfo info = QHostInfo::fromName(m_options.host);
    if (info.addresses().isEmpty()) {
      m_error = QStringLiteral("cannot resolve %1: %2").arg(m_options.host, info.errorString());
      return false;
    }
    address = info.addresses().first();
  }
  if (!m_tcp.listen(address, m_options.port)) {
    m_error = m_tcp.errorString();
    return false;
  }
  return true;
}

void InspectorServer::closeAll() {
  // close() may report the disconnect at once, which erases from m_sessions.
  std::vector<QPointer<QWebSocket>> sockets;
  for (auto& [id, socket] : m_sessions) sockets.push_back(socket);
  for (QPointer<QWebSocket>& socket : sockets) {
    if (socket) socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("the program ended"));
    if (socket) socket->flush();
  }
}

void InspectorServer::onNewConnection() {
  while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onHeadData(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, [socket] {
      if (!socket->property(kHandedOver).toBool()) socket->deleteLater();
    });
    // A client that never finishes its head does not hold the socket forever.
    QTimer::singleShot(kHeadTimeoutMs, socket, [socket] {
      if (!socket->property(kHandedOver).toBool()) socket->abort();
    });
    if (socket->bytesAvailable() > 0) onHeadData(socket);
  }
}

void InspectorServer::onHeadData(QTcpSocket* socket) {
  if (socket->property(kHandedOver).toBool()) return;
  // Peek, not read: an upgrade goes to QWebSocketServer with its head unread.
  QByteArray data = socket->peek(socket->bytesAvailable());
  qsizetype end = requestHeadEnd(data);
  if (end < 0) {
    if (data.size() > kMaxHeadBytes) {
      socket->setProperty(kHandedOver, false);
      socket->readAll();
      respondError(socket, "431 Request Header Fields Too Large", "Request head too large");
    }
    return;
  }
  std::optional<HttpRequest> request = parseRequestHead(data.left(end));
  if (!request) {
    socket->read(end);
    respondError(socket, "400 Bad Request", "Malformed HTTP request");
    return;
  }
  if (!isAllowedHost(request->header("Host"))) {
    socket->read(end);
    respondError(socket, "400 Bad Request",
                 "Host header is not an IP address or localhost (DNS rebinding protection)");
    return;
  }
  if (request->isWebSocketUpgrade()) {
    QByteArray id = request->path().mid(1);
    if (request->method != "GET" || !isTarget(id)) {
      socket->read(end);
      respondError(socket, "404 Not Found", "No debugging target at " + request->path());
      return;
    }
    QObject::disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->setProperty(kHandedOver, true);
    m_ws.handleConnection(socket);
    return;
  }
  answerHttp(socket, *request, end);
}

void InspectorServer::answerHttp(QTcpSocket* socket, const HttpRequest& request, qsizetype headSize) {
  socket->read(headSize);
  socket->setProperty(kHandedOver, false);
  QObject::disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
  if (request.method != "GET") {
    respondError(socket, "405 Method Not Allowed", "Only GET is supported");
    return;
  }
  QByteArray path = request.path();
  if (path.size() > 1 && path.endsWith('/')) path.chop(1);
  constexpr QByteArrayView kJson = "application/json; charset=UTF-8";
  if (path == "/json" || path == "/json/list") {
    respond(socket, "200 OK", kJson, listJson(hostForUrls(socket, request.header("Host")).toUtf8()));
  } else if (path == "/json/version") {
    respond(socket, "200 OK", kJson, versionJson());
  } else if (path == "/json/protocol") {
    respond(socket, "200 OK", kJson, protocolJson());
  } else {
    respondError(socket, "404 Not Found", "Unknown path " + path);
  }
}

void InspectorServer::onUpgraded() {
  while (QWebSocket* socket = m_ws.nextPendingConnection()) {
    const int sessionId = m_nextSessionId++;
    std::string targetId = socket->requestUrl().path().mid(1).toStdString();
    m_sessions[sessionId] = socket;
    connect(socket, &QWebSocket::textMessageReceived, this, [this, sessionId](const QString& text) {
      m_delegate->messageReceived(sessionId, text.toStdString());
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this, sessionId](const QByteArray& bytes) { m_delegate->messageReceived(sessionId, bytes.toStdString()); });
    connect(socket, &QWebSocket::disconnected, this, [this, sessionId, socket] {
      socket->deleteLater();
      if (m_sessions.erase(sessionId) == 0) return;
      m_delegate->endSession(sessionId);
      emit sessionEnded(sessionId);
    });
    auto outbound = std::make_shared<SocketOutbound>(m_shared, sessionId);
    if (!m_delegate->startSession(sessionId, targetId, std::move(outbound))) {
      m_sessions.erase(sessionId);
      socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no such target"));
      continue;
    }
    emit sessionStarted(sessionId);
  }
}

void InspectorServer::deliver(int sessionId, const std::string& message) {
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end() || !it->second) return;
  it->second->sendTextMessage(QString::fromStdString(message));
}

void InspectorServer::closeSession(int sessionId) {
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end() || !it->second) return;
  it->second->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("the target went away"));
}

bool InspectorServer::isTarget(const QByteArray& id) const {
  if (id.isEmpty()) return false;
  for (const Target& target : m_delegate->targets())
    if (id == QByteArrayView(target.id)) return true;
  return false;
}

QByteArray InspectorServer::listJson(const QByteArray& host) const {
  QJsonArray list;
  for (const Target& target : m_delegate->targets()) {
    QString address = QString::fromUtf8(host) + QLatin1Char('/') + QString::fromStdString(target.id);
    QJsonObject entry;
    entry[QStringLiteral("description")] = QStringLiteral("nanojs instance");
    entry[QStringLiteral("devtoolsFrontendUrl")] =
        QStringLiteral("devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=") + address;
    entry[QStringLiteral("devtoolsFrontendUrlCompat")] =
        QStringLiteral("devtools://devtools/bundled/inspector.html?experiments=true&v8only=true&ws=") + address;
    entry[QStringLiteral("id")] = QString::fromStdString(target.id);
    entry[QStringLiteral("title")] = QString::fromStdString(target.title);
    entry[QStringLiteral("type")] = QStringLiteral("node");  // what chrome://inspect lists
    entry[QStringLiteral("url")] = QString::fromStdString(target.url);
    entry[QStringLiteral("webSocketDebuggerUrl")] = QStringLiteral("ws://") + address;
    list.append(entry);
  }
  return QJsonDocument(list).toJson(QJsonDocument::Indented);
}

QByteArray InspectorServer::versionJson() const {
  QJsonObject version;
  version[QStringLiteral("Browser")] = QString::fromUtf8(m_options.browser);
  version[QStringLiteral("Protocol-Version")] = QStringLiteral("1.3");
  if (!m_options.v8Version.isEmpty()) version[QStringLiteral("V8-Version")] = QString::fromUtf8(m_options.v8Version);
  return QJsonDocument(version).toJson(QJsonDocument::Indented);
}

QByteArray InspectorServer::protocolJson() const {
  if (!m_options.protocolJson.isEmpty()) return m_options.protocolJson;
  // The full description (V8's js_protocol.json) is not in the source we build
  // from; this lists V8's domains without their commands, which is valid.
  QJsonArray domains;
  for (const char* name : {"Console", "Debugger", "HeapProfiler", "Profiler", "Runtime", "Schema"}) {
    QJsonObject domain;
    domain[QStringLiteral("domain")] = QString::fromLatin1(name);
    domain[QStringLiteral("types")] = QJsonArray();
    domain[QStringLiteral("commands")] = QJsonArray();
    domain[QStringLiteral("events")] = QJsonArray();
    domains.append(domain);
  }
  QJsonObject versionObject;
  versionObject[QStringLiteral("major")] = QStringLiteral("1");
  versionObject[QStringLiteral("minor")] = QStringLiteral("3");
  QJsonObject document;
  document[QStringLiteral("version")] = versionObject;
  document[QStringLiteral("domains")] = domains;
  return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

}  // namespace nano::inspector
