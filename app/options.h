#pragma once
// The command line:
//   nano-workbench [--example NAME | HANDLER.mjs] [--port N] [--load RPS]
//                  [--inspect-port N] [--break-on-request]
//                  [--screenshot-dir DIR --quit-after MS]
#include <QString>
#include <QStringList>

namespace nano::app {

struct WorkbenchOptions {
  QString handler;        // a handler file
  QString example;        // or an embedded example ("hello", "fetch_fanout", ...)
  int port = 0;           // 0: any free port
  double loadRps = 0;     // >0: start the load generator at this rate
  double cpuLimitMs = 2000;
  int inspectPort = 9229;         // the DevTools server (a free one when taken)
  bool breakOnRequest = false;    // pause at the first request's fetch()
  bool countPromises = false;     // count every promise per request (else as last chosen in the menu)
  QString screenshotDir;  // with quitAfterMs: save PNGs of the window and every panel, then quit
  int quitAfterMs = 0;
};

// Parses arguments (argv[0] first). False with *error set (usage included) on bad input.
bool parseOptions(const QStringList& arguments, WorkbenchOptions* options, QString* error);

}  // namespace nano::app
