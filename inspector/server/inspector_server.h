#pragma once
// The inspector's transport: one TCP port that answers the discovery
// endpoints (/json, /json/list, /json/version, /json/protocol) itself and
// hands WebSocket upgrades for "/<target id>" to a QWebSocketServer. Knows the
// debugger side only through ServerDelegate. Lives on one Qt thread (the
// thread that created it); only the Outbound handles it gives out are used
// from other threads.
#include <map>
#include <memory>

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QWebSocketServer>

#include "http_request.h"
#include "server_delegate.h"

class QTcpSocket;
class QWebSocket;

namespace nano::inspector {

class InspectorServer final : public QObject {
  Q_OBJECT

 public:
  struct Options {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 9229;  // 0 picks a free port
    QByteArray browser = "nanojs";
    QByteArray v8Version;
    QByteArray protocolJson;  // served at /json/protocol; a minimal document when empty
  };

  InspectorServer(ServerDelegate* delegate, Options options, QObject* parent = nullptr);
  ~InspectorServer() override;

  bool listen();
  QString errorString() const { return m_error; }
  quint16 port() const { return m_tcp.serverPort(); }
  int sessionCount() const { return static_cast<int>(m_sessions.size()); }
  // Writes what is queued on every WebSocket, then closes them (the program ends).
  void closeAll();

  // Largest request head accepted before the connection is refused.
  static constexpr qsizetype kMaxHeadBytes = 64 * 1024;

 signals:
  void sessionStarted(int sessionId);
  void sessionEnded(int sessionId);

 private:
  struct SharedState;
  class SocketOutbound;

  void onNewConnection();
  void onHeadData(QTcpSocket* socket);
  void answerHttp(QTcpSocket* socket, const HttpRequest& request, qsizetype headSize);
  void onUpgraded();
  // Runs on this object's thread, posted by a SocketOutbound.
  void deliver(int sessionId, const std::string& message);
  void closeSession(int sessionId);

  QByteArray listJson(const QByteArray& hostHeader) const;
  QByteArray versionJson() const;
  QByteArray protocolJson() const;
  bool isTarget(const QByteArray& id) const;

  ServerDelegate* m_delegate;
  Options m_options;
  QTcpServer m_tcp;
  QWebSocketServer m_ws;
  std::shared_ptr<SharedState> m_shared;
  std::map<int, QPointer<QWebSocket>> m_sessions;
  int m_nextSessionId = 1;
  QString m_error;
};

}  // namespace nano::inspector
