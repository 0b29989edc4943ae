#include "debugger_bridge.h"

#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <v8.h>

#include "agent/hub.h"
#include "server/inspector_server.h"

namespace nano::app {

DebuggerBridge::DebuggerBridge(const QString& host, quint16 port, QObject* parent)
    : QObject(parent), m_host(host), m_hub(std::make_unique<inspector::Hub>()) {
  auto makeServer = [this](quint16 wanted) {
    inspector::InspectorServer::Options options;
    options.host = m_host;
    options.port = wanted;
    options.browser = QByteArrayLiteral("nano-workbench/") + NANO_VERSION;
    options.v8Version = v8::V8::GetVersion();
    m_server = std::make_unique<inspector::InspectorServer>(m_hub.get(), options);
    return m_server->listen();
  };
  // 9229 is the port DevTools' chrome://inspect looks at; a nanojs --inspect
  // (or node) may hold it already.
  if (!makeServer(port) && (port == 0 || !makeServer(0))) m_error = m_server->errorString();
  auto changed = [this] { emit sessionsChanged(sessionCount()); };
  connect(m_server.get(), &inspector::InspectorServer::sessionStarted, this, changed);
  connect(m_server.get(), &inspector::InspectorServer::sessionEnded, this, changed);
}

DebuggerBridge::~DebuggerBridge() {
  if (m_server) m_server->closeAll();
  m_server.reset();
}

void DebuggerBridge::closeSessions() {
  // The agents first: that needs no event loop (the caller may be about to wait).
  m_hub->endAllSessions();
  if (m_server) m_server->closeAll();
}

bool DebuggerBridge::listening() const { return m_error.isEmpty() && m_server && m_server->port() != 0; }
quint16 DebuggerBridge::port() const { return m_server ? m_server->port() : 0; }
int DebuggerBridge::sessionCount() const { return m_server ? m_server->sessionCount() : 0; }

QString DebuggerBridge::webSocketUrl(const QString& targetId) const {
  QString host = m_host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(m_host) : m_host;
  return QStringLiteral("ws://%1:%2/%3").arg(host).arg(port()).arg(targetId);
}

QString DebuggerBridge::devtoolsFrontendUrl(const QString& targetId) const {
  QString address = webSocketUrl(targetId).mid(5);  // without "ws://"
  return QStringLiteral("devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=") + address;
}

QString DebuggerBridge::findChromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    QString path = QStandardPaths::findExecutable(QString::fromLatin1(name));
    if (!path.isEmpty()) return path;
  }
  return {};
}

bool DebuggerBridge::openDevTools(const QString& targetId, QString* error) const {
  QString browser = findChromium();
  if (browser.isEmpty()) {
    if (error)
      *error = tr("No Chromium or Chrome was found on PATH. Install one (Debian: sudo apt install chromium), "
                  "or open chrome://inspect in your browser and add 127.0.0.1:%1, or paste this URL into it:\n%2")
                   .arg(port())
                   .arg(devtoolsFrontendUrl(targetId));
    return false;
  }
  // A window of its own, so the user's browser session is left alone.
  QStringList args{QStringLiteral("--new-window"), devtoolsFrontendUrl(targetId)};
  if (!QProcess::startDetached(browser, args)) {
    if (error) *error = tr("Could not start %1").arg(browser);
    return false;
  }
  return true;
}

}  // namespace nano::app
