// The entry point of libnano_inspector_qt.so (see server_host.h).
#include "server_host.h"

#include <clocale>
#include <memory>

#include <QCoreApplication>

#include "inspector_server.h"

namespace nano::inspector {

namespace {

class QtServerHost final : public ServerHost {
 public:
  QtServerHost(const ServerConfig& config, ServerDelegate* delegate) {
    if (!QCoreApplication::instance()) {
      // QCoreApplication adopts the user's locale (setlocale(LC_ALL, "")); the
      // runtime formats numbers with the C library and must keep "C".
      std::string locale = std::setlocale(LC_ALL, nullptr);
      m_app = std::make_unique<QCoreApplication>(s_argc, s_argv);
      std::setlocale(LC_ALL, locale.c_str());
    }
    InspectorServer::Options options;
    options.host = QString::fromStdString(config.host);
    options.port = static_cast<quint16>(config.port);
    options.browser = QByteArray::fromStdString(config.browser);
    options.v8Version = QByteArray::fromStdString(config.v8Version);
    options.protocolJson = QByteArray::fromStdString(config.protocolJson);
    m_server = std::make_unique<InspectorServer>(delegate, std::move(options));
  }

  ~QtServerHost() override {
    m_server.reset();
    m_app.reset();
  }

  bool listen(std::string* error) override {
    if (m_server->listen()) return true;
    if (error) *error = m_server->errorString().toStdString();
    return false;
  }

  int port() const override { return m_server->port(); }

  void exec() override { QCoreApplication::exec(); }

  void quit() override {
    // Queued behind every message the runtime thread posted before this call.
    QMetaObject::invokeMethod(
        m_server.get(),
        [server = m_server.get()] {
          server->closeAll();
          QCoreApplication::quit();
        },
        Qt::QueuedConnection);
  }

 private:
  static inline int s_argc = 1;
  static inline char s_arg0[] = "nanojs";
  static inline char* s_argv[] = {s_arg0, nullptr};
  std::unique_ptr<QCoreApplication> m_app;
  std::unique_ptr<InspectorServer> m_server;
};

}  // namespace

}  // namespace nano::inspector

extern "C" __attribute__((visibility("default"))) nano::inspector::ServerHost*
nano_inspector_create_server_host(const nano::inspector::ServerConfig& config,
                                  nano::inspector::ServerDelegate* delegate) {
  return new nano::inspector::QtServerHost(config, delegate);
}
