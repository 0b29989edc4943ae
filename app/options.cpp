#include "options.h"

#include <QCommandLineParser>

#include "examples.h"

namespace nano::app {

bool parseOptions(const QStringList& arguments, WorkbenchOptions* options, QString* error) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("NANO Workbench: serve a handler and watch it work."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("handler"), QStringLiteral("Handler module (export default { fetch })."),
                               QStringLiteral("[HANDLER.mjs]"));
  QCommandLineOption example(QStringLiteral("example"),
                             QStringLiteral("Open an embedded example: %1.").arg(exampleNames().join(QStringLiteral(", "))),
                             QStringLiteral("NAME"));
  QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Serve on this port (default: any free one)."),
                          QStringLiteral("N"));
  QCommandLineOption load(QStringLiteral("load"), QStringLiteral("Start the load generator at RPS requests per second."),
                          QStringLiteral("RPS"));
  QCommandLineOption cpuLimit(QStringLiteral("cpu-limit"),
                              QStringLiteral("Milliseconds of JavaScript one request may run (default 2000)."),
                              QStringLiteral("MS"));
  QCommandLineOption screenshots(QStringLiteral("screenshot-dir"),
                                 QStringLiteral("Save PNGs of the window and every panel here (with --quit-after)."),
                                 QStringLiteral("DIR"));
  QCommandLineOption quitAfter(QStringLiteral("quit-after"), QStringLiteral("Quit after MS milliseconds."),
                               QStringLiteral("MS"));
  QCommandLineOption inspectPort(QStringLiteral("inspect-port"),
                                 QStringLiteral("Serve the V8 inspector (Chrome DevTools) on this port (default 9229; "
                                                "a free one when taken)."),
                                 QStringLiteral("N"));
  QCommandLineOption breakOnRequest(QStringLiteral("break-on-request"),
                                    QStringLiteral("Pause in the debugger at the first request's fetch()."));
  QCommandLineOption countPromises(QStringLiteral("count-promises"),
                                   QStringLiteral("Count every promise per request (Run > Count every promise)."));
  parser.addOptions({example, port, load, cpuLimit, inspectPort, breakOnRequest, countPromises, screenshots, quitAfter});
  if (!parser.parse(arguments)) {
    *error = parser.errorText() + QLatin1Char('\n') + parser.helpText();
    return false;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    *error = parser.helpText();
    return false;
  }
  if (parser.isSet(QStringLiteral("version"))) {
    *error = QStringLiteral("nano-workbench %1\n").arg(QStringLiteral(NANO_VERSION));
    return false;
  }
  auto number = [&](const QCommandLineOption& option, double low, double high, double* out) {
    if (!parser.isSet(option)) return true;
    bool ok = false;
    double value = parser.value(option).toDouble(&ok);
    if (!ok || value < low || value > high) {
      *error = QStringLiteral("--%1: expected a number from %2 to %3, got '%4'\n")
                   .arg(option.names().first())
                   .arg(low)
                   .arg(high)
                   .arg(parser.value(option));
      return false;
    }
    *out = value;
    return true;
  };
  double portValue = 0, quitValue = 0, inspectValue = options->inspectPort;
  if (!number(port, 0, 65535, &portValue) || !number(inspectPort, 0, 65535, &inspectValue) || !number(load, 0, 1000, &options->loadRps) ||
      !number(cpuLimit, 1, 3600000, &options->cpuLimitMs) || !number(quitAfter, 0, 86400000, &quitValue))
    return false;
  options->port = static_cast<int>(portValue);
  options->inspectPort = static_cast<int>(inspectValue);
  options->breakOnRequest = parser.isSet(breakOnRequest);
  options->countPromises = parser.isSet(countPromises);
  options->quitAfterMs = static_cast<int>(quitValue);
  options->screenshotDir = parser.value(screenshots);
  options->example = parser.value(example);
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) {
    *error = QStringLiteral("one handler at a time, got %1\n").arg(positional.join(QLatin1Char(' ')));
    return false;
  }
  if (!positional.isEmpty()) options->handler = positional.first();
  if (!options->handler.isEmpty() && !options->example.isEmpty()) {
    *error = QStringLiteral("give a handler file or --example, not both\n");
    return false;
  }
  if (!options->example.isEmpty() && !exampleNames().contains(options->example)) {
    *error = QStringLiteral("--example: no example '%1' (have: %2)\n")
                 .arg(options->example, exampleNames().join(QStringLiteral(", ")));
    return false;
  }
  if (!options->screenshotDir.isEmpty() && options->quitAfterMs <= 0) {
    *error = QStringLiteral("--screenshot-dir needs --quit-after MS\n");
    return false;
  }
  return true;
}

}  // namespace nano::app
