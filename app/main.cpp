// nano-workbench: the Qt front end over the NANO runtime. Everything lives in
// nano_workbench (app/); this only parses the command line and shows the window.
#include <csignal>
#include <QApplication>

#include <cstdio>

#include "main_window.h"
#include "options.h"

int main(int argc, char** argv) {
  // The served handler's sockets: a client that resets costs its write (EPIPE), not the app.
  std::signal(SIGPIPE, SIG_IGN);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("NANO"));
  QApplication::setApplicationName(QStringLiteral("Workbench"));
  QApplication::setApplicationVersion(QStringLiteral(NANO_VERSION));

  nano::app::WorkbenchOptions options;
  QString error;
  if (!nano::app::parseOptions(QApplication::arguments(), &options, &error)) {
    bool help = error.startsWith(QStringLiteral("Usage")) || error.startsWith(QStringLiteral("nano-workbench "));
    std::fputs(qPrintable(error), help ? stdout : stderr);
    return help ? 0 : 2;
  }
  nano::app::MainWindow window(options);
  window.show();
  return app.exec();
}
