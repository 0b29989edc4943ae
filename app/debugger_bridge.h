#pragma once
// DebuggerBridge: the workbench's V8 inspector server. Chrome DevTools (or
// any CDP client) connects to ws://127.0.0.1:PORT/<target>; the target is the
// handler's runtime, which RuntimeHost attaches on its own thread through
// hub(). The server is a QObject of the GUI thread and only moves messages:
// the runtime thread does the debugging work (inspector/README.md).
#include <QObject>
#include <QString>

#include <memory>

namespace nano::inspector {
class Hub;
class InspectorServer;
}  // namespace nano::inspector

namespace nano::app {

class DebuggerBridge : public QObject {
  Q_OBJECT

 public:
  // Listens on host:port, or on a free port when that one is taken.
  explicit DebuggerBridge(const QString& host = QStringLiteral("127.0.0.1"), quint16 port = 9229,
                          QObject* parent = nullptr);
  ~DebuggerBridge() override;

  bool listening() const;
  QString errorString() const { return m_error; }
  quint16 port() const;
  int sessionCount() const;
  nano::inspector::Hub& hub() { return *m_hub; }
  // Drops every client (a paused runtime then goes on).
  void closeSessions();

  // The WebSocket URL of a target, and the DevTools front end for it (as in /json/list).
  QString webSocketUrl(const QString& targetId) const;
  QString devtoolsFrontendUrl(const QString& targetId) const;
  // Chromium or Chrome from PATH (empty when none is installed).
  static QString findChromium();
  // Opens DevTools on the target in Chromium; false with *error saying how
  // to get a browser when none is installed.
  bool openDevTools(const QString& targetId, QString* error) const;

 signals:
  // A client attached to or left a target (GUI thread).
  void sessionsChanged(int count);

 private:
  QString m_host;
  QString m_error;
  std::unique_ptr<nano::inspector::Hub> m_hub;
  std::unique_ptr<nano::inspector::InspectorServer> m_server;
};

}  // namespace nano::app
