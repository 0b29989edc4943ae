// InspectorServer on port 0 with a fake delegate and real clients: raw TCP
// for the HTTP side (to control the Host header), QWebSocket for sessions.
#include <atomic>
#include <map>
#include <thread>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include "server/http_request.h"
#include "server/inspector_server.h"

using nano::inspector::InspectorServer;
using nano::inspector::Outbound;
using nano::inspector::ServerDelegate;
using nano::inspector::Target;

namespace {

constexpr const char* kTargetId = "0f5e2a9c-4d1b-4c3e-9a7f-1b2c3d4e5f60";

// Records what the server reports; echoes each message back through the
// session's Outbound, as the agent answers through its own.
class FakeDelegate final : public ServerDelegate {
 public:
  std::vector<Target> list{{kTargetId, "handler.mjs", "file:///srv/handler.mjs"}};
  std::map<int, std::shared_ptr<Outbound>> sessions;
  QStringList log;

  std::vector<Target> targets() override { return list; }
  bool startSession(int id, const std::string& targetId, std::shared_ptr<Outbound> outbound) override {
    for (const Target& target : list) {
      if (target.id != targetId) continue;
      sessions[id] = std::move(outbound);
      log << QStringLiteral("start %1").arg(id);
      return true;
    }
    return false;
  }
  void messageReceived(int id, std::string message) override {
    log << QStringLiteral("message %1 %2").arg(id).arg(QString::fromStdString(message));
    if (auto it = sessions.find(id); it != sessions.end()) it->second->send("echo:" + message);
  }
  void endSession(int id) override {
    sessions.erase(id);
    log << QStringLiteral("end %1").arg(id);
  }
};

struct HttpResult {
  int status = 0;
  QByteArray head;
  QByteArray body;
};

HttpResult rawRequest(quint16 port, const QByteArray& request) {
  QTcpSocket socket;
  socket.connectToHost(QHostAddress::LocalHost, port);
  if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000)) return {};
  socket.write(request);
  QByteArray data;
  // The server closes after answering; a timeout shows up as a wrong status.
  (void)QTest::qWaitFor(
      [&] {
        data += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
      },
      5000);
  data += socket.readAll();
  HttpResult result;
  qsizetype split = data.indexOf("\r\n\r\n");
  result.head = data.left(split);
  result.body = split < 0 ? QByteArray() : data.mid(split + 4);
  QList<QByteArray> status = data.left(data.indexOf("\r\n")).split(' ');
  if (status.size() >= 2) result.status = status[1].toInt();
  return result;
}

HttpResult get(quint16 port, const QByteArray& path, const QByteArray& host) {
  QByteArray request = "GET " + path + " HTTP/1.1\r\n";
  if (!host.isNull()) request += "Host: " + host + "\r\n";
  return rawRequest(port, request + "\r\n");
}

QByteArray upgradeRequest(const QByteArray& path, const QByteArray& host) {
  return "GET " + path + " HTTP/1.1\r\nHost: " + host +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

}  // namespace

class TstInspectorServer : public QObject {
  Q_OBJECT

 private:
  FakeDelegate* m_delegate = nullptr;
  InspectorServer* m_server = nullptr;
  quint16 m_port = 0;

  QByteArray localHost() const { return "127.0.0.1:" + QByteArray::number(m_port); }
  QUrl targetUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/%2").arg(m_port).arg(kTargetId)); }

  // A connected WebSocket to the target, or null.
  std::unique_ptr<QWebSocket> openSession() {
    auto socket = std::make_unique<QWebSocket>();
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    socket->open(targetUrl());
    if (!connected.wait(5000)) return nullptr;
    return socket;
  }

 private slots:
  void init() {
    m_delegate = new FakeDelegate;
    InspectorServer::Options options;
    options.port = 0;
    options.browser = "nanojs-test";
    options.v8Version = "10.2";
    m_server = new InspectorServer(m_delegate, options);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_port = m_server->port();
    QVERIFY(m_port != 0);
  }

  void cleanup() {
    delete m_server;
    delete m_delegate;
  }

  void list_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("/json") << QByteArray("/json");
    QTest::newRow("/json/list") << QByteArray("/json/list");
    QTest::newRow("trailing slash") << QByteArray("/json/list/");
    QTest::newRow("query") << QByteArray("/json/list?for=devtools");
  }

  void list() {
    QFETCH(QByteArray, path);
    HttpResult result = get(m_port, path, localHost());
    QCOMPARE(result.status, 200);
    QVERIFY(result.head.contains("Content-Type: application/json"));
    QJsonArray targets = QJsonDocument::fromJson(result.body).array();
    QCOMPARE(targets.size(), 1);
    QJsonObject target = targets[0].toObject();
    QString address = QStringLiteral("127.0.0.1:%1/%2").arg(m_port).arg(kTargetId);
    QCOMPARE(target[QStringLiteral("id")].toString(), QString::fromLatin1(kTargetId));
    QCOMPARE(target[QStringLiteral("type")].toString(), QStringLiteral("node"));
    QCOMPARE(target[QStringLiteral("title")].toString(), QStringLiteral("handler.mjs"));
    QCOMPARE(target[QStringLiteral("url")].toString(), QStringLiteral("file:///srv/handler.mjs"));
    QCOMPARE(target[QStringLiteral("webSocketDebuggerUrl")].toString(), QStringLiteral("ws://") + address);
    QCOMPARE(target[QStringLiteral("devtoolsFrontendUrl")].toString(),
             QStringLiteral("devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=") + address);
  }

  void listUsesTheHostTheClientUsed() {
    HttpResult result = get(m_port, "/json/list", "localhost");
    QCOMPARE(result.status, 200);
    QJsonObject target = QJsonDocument::fromJson(result.body).array()[0].toObject();
    QCOMPARE(target[QStringLiteral("webSocketDebuggerUrl")].toString(),
             QStringLiteral("ws://localhost:%1/%2").arg(m_port).arg(kTargetId));
  }

  void emptyList() {
    m_delegate->list.clear();
    HttpResult result = get(m_port, "/json/list", localHost());
    QCOMPARE(result.status, 200);
    QVERIFY(QJsonDocument::fromJson(result.body).isArray());
    QCOMPARE(QJsonDocument::fromJson(result.body).array().size(), 0);
  }

  void version() {
    HttpResult result = get(m_port, "/json/version", localHost());
    QCOMPARE(result.status, 200);
    QJsonObject version = QJsonDocument::fromJson(result.body).object();
    QCOMPARE(version[QStringLiteral("Browser")].toString(), QStringLiteral("nanojs-test"));
    QCOMPARE(version[QStringLiteral("V8-Version")].toString(), QStringLiteral("10.2"));
    QVERIFY(!version[QStringLiteral("Protocol-Version")].toString().isEmpty());
  }

  void protocol() {
    HttpResult result = get(m_port, "/json/protocol", localHost());
    QCOMPARE(result.status, 200);
    QJsonObject document = QJsonDocument::fromJson(result.body).object();
    QVERIFY(document.contains(QStringLiteral("version")));
    QStringList names;
    for (const QJsonValue& domain : document[QStringLiteral("domains")].toArray())
      names << domain.toObject()[QStringLiteral("domain")].toString();
    QVERIFY2(names.contains(QStringLiteral("Runtime")) && names.contains(QStringLiteral("Debugger")),
             qPrintable(names.join(',')));
  }

  void hostHeader_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    QTest::newRow("ip and port") << QByteArray("127.0.0.1:9229") << 200;
    QTest::newRow("ip") << QByteArray("127.0.0.1") << 200;
    QTest::newRow("localhost") << QByteArray("localhost:9229") << 200;
    QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST") << 200;
    QTest::newRow("ipv6") << QByteArray("[::1]:9229") << 200;
    QTest::newRow("other ip") << QByteArray("192.168.1.20:9229") << 200;
    QTest::newRow("no Host") << QByteArray() << 200;
    QTest::newRow("foreign name") << QByteArray("evil.example") << 400;
    QTest::newRow("foreign name and port") << QByteArray("evil.example:9229") << 400;
    QTest::newRow("localhost subdomain") << QByteArray("localhost.evil.example") << 400;
    QTest::newRow("name that looks like ip") << QByteArray("127.0.0.1.nip.io:9229") << 400;
    QTest::newRow("bad port") << QByteArray("127.0.0.1:http") << 400;
    QTest::newRow("empty") << QByteArray("") << 400;
  }

  void hostHeader() {
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    QCOMPARE(get(m_port, "/json/version", host).status, status);
    QCOMPARE(get(m_port, "/json/list", host).status, status);
  }

  void isAllowedHost_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("v4") << QByteArray("10.0.0.1") << true;
    QTest::newRow("v6 no port") << QByteArray("[fe80::1]") << true;
    QTest::newRow("v6 unbracketed") << QByteArray("::1") << false;
    QTest::newRow("v6 junk after") << QByteArray("[::1]x") << false;
    QTest::newRow("v6 not an address") << QByteArray("[evil]:80") << false;
    QTest::newRow("short v4") << QByteArray("127.1") << false;
    QTest::newRow("trailing dot") << QByteArray("localhost.") << false;
    QTest::newRow("port too long") << QByteArray("localhost:123456") << false;
  }

  void isAllowedHost() {
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    QCOMPARE(nano::inspector::isAllowedHost(host), allowed);
  }

  void unknownPath_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("/") << QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n") << 404;
    QTest::newRow("/json/new") << QByteArray("GET /json/new HTTP/1.1\r\nHost: localhost\r\n\r\n") << 404;
    QTest::newRow("/favicon.ico") << QByteArray("GET /favicon.ico HTTP/1.1\r\nHost: localhost\r\n\r\n") << 404;
    QTest::newRow("target id over http") << QByteArray("GET /") + kTargetId + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                         << 404;
    QTest::newRow("POST") << QByteArray("POST /json HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n") << 405;
    QTest::newRow("not http") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("upgrade to unknown target") << upgradeRequest("/not-a-target", "localhost") << 404;
    QTest::newRow("upgrade to /json") << upgradeRequest("/json", "localhost") << 404;
    QTest::newRow("upgrade with foreign Host") << upgradeRequest(QByteArray("/") + kTargetId, "evil.example") << 400;
  }

  void unknownPath() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QCOMPARE(rawRequest(m_port, request).status, status);
    QVERIFY(m_delegate->sessions.empty());
  }

  void headTooLarge() {
    QByteArray request = "GET /json HTTP/1.1\r\nHost: localhost\r\nX-Filler: ";
    request += QByteArray(InspectorServer::kMaxHeadBytes + 1024, 'a');
    QCOMPARE(rawRequest(m_port, request).status, 431);
  }

  void upgradeAnswers101() {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected(5000) || socket.state() == QAbstractSocket::ConnectedState);
    socket.write(upgradeRequest(QByteArray("/") + kTargetId, localHost()));
    QByteArray data;
    QVERIFY(QTest::qWaitFor(
        [&] {
          data += socket.readAll();
          return data.contains("\r\n\r\n");
        },
        5000));
    QVERIFY2(data.startsWith("HTTP/1.1 101"), data.constData());
    QVERIFY(data.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
  }

  void messagesBothWays() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    QSignalSpy received(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral("{\"id\":1,\"method\":\"Runtime.evaluate\"}"));
    QVERIFY(received.wait(5000));
    QCOMPARE(received[0][0].toString(), QStringLiteral("echo:{\"id\":1,\"method\":\"Runtime.evaluate\"}"));
    // UTF-8 survives the trip.
    socket->sendTextMessage(QStringLiteral("h\u00e9llo \U0001F600"));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received[1][0].toString(), QStringLiteral("echo:h\u00e9llo \U0001F600"));
  }

  void twoClients() {
    auto first = openSession();
    auto second = openSession();
    QVERIFY(first && second);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(2));
    QSignalSpy firstReceived(first.get(), &QWebSocket::textMessageReceived);
    QSignalSpy secondReceived(second.get(), &QWebSocket::textMessageReceived);
    first->sendTextMessage(QStringLiteral("one"));
    second->sendTextMessage(QStringLiteral("two"));
    QTRY_COMPARE(firstReceived.size(), 1);
    QTRY_COMPARE(secondReceived.size(), 1);
    QCOMPARE(firstReceived[0][0].toString(), QStringLiteral("echo:one"));
    QCOMPARE(secondReceived[0][0].toString(), QStringLiteral("echo:two"));
    QCOMPARE(m_server->sessionCount(), 2);
  }

  void reconnect() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    int firstId = m_delegate->sessions.begin()->first;
    socket->close();
    QTRY_VERIFY(m_delegate->log.contains(QStringLiteral("end %1").arg(firstId)));
    QTRY_COMPARE(m_server->sessionCount(), 0);
    socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    QVERIFY(m_delegate->sessions.begin()->first != firstId);
    QSignalSpy received(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral("again"));
    QVERIFY(received.wait(5000));
    QCOMPARE(received[0][0].toString(), QStringLiteral("echo:again"));
  }

  void clientVanishes() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    std::shared_ptr<Outbound> outbound = m_delegate->sessions.begin()->second;
    socket->abort();  // no close frame
    QTRY_VERIFY(m_delegate->sessions.empty());
    // The handle outlives its socket: sends go nowhere.
    outbound->send("late");
    outbound->close();
    QTest::qWait(50);
    delete m_server;
    m_server = nullptr;
    outbound->send("after the server");
    outbound->close();
    init();  // cleanup() expects a server
  }

  void outboundCloses() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
    m_delegate->sessions.begin()->second->close();
    QVERIFY(disconnected.wait(5000));
    QTRY_VERIFY(m_delegate->sessions.empty());
  }

  void sendFromAnotherThread() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    std::shared_ptr<Outbound> outbound = m_delegate->sessions.begin()->second;
    QStringList received;
    connect(socket.get(), &QWebSocket::textMessageReceived, this,
            [&](const QString& text) { received << text; });
    constexpr int kCount = 200;
    std::thread sender([&] {
      for (int i = 0; i < kCount; ++i) outbound->send(std::to_string(i));
    });
    sender.join();
    QTRY_COMPARE(received.size(), kCount);
    for (int i = 0; i < kCount; ++i) QCOMPARE(received[i], QString::number(i));
  }

  void largeMessage() {
    auto socket = openSession();
    QVERIFY(socket);
    QTRY_COMPARE(m_delegate->sessions.size(), size_t(1));
    QSignalSpy received(socket.get(), &QWebSocket::textMessageReceived);
    std::string big(8 * 1024 * 1024, 'x');
    m_delegate->sessions.begin()->second->send(big);
    QVERIFY(received.wait(10000));
    QCOMPARE(received[0][0].toString().size(), qsizetype(big.size()));
  }

  void targetGoneBeforeUpgrade() {
    // The id was valid when the head was checked but the target left before
    // the session started: the socket is closed, nothing leaks.
    auto socket = std::make_unique<QWebSocket>();
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
    m_delegate->list.clear();
    socket->open(targetUrl());
    QVERIFY(disconnected.wait(5000));
    QVERIFY(m_delegate->sessions.empty());
  }

  void closeAll() {
    auto socket = openSession();
    QVERIFY(socket);
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
    m_server->closeAll();
    QVERIFY(disconnected.wait(5000));
  }
};

QTEST_GUILESS_MAIN(TstInspectorServer)
#include "tst_inspector_server.moc"
