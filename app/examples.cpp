#include "examples.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

// Q_INIT_RESOURCE must be called outside any namespace.
static void initWorkbenchResources() { Q_INIT_RESOURCE(workbench); }

namespace nano::app {

void initResources() {
  static const bool done = (initWorkbenchResources(), true);
  (void)done;
}

namespace {
const QString kPrefix = QStringLiteral(":/examples/workbench_");

QByteArray source(const QString& name) {
  initResources();
  QFile file(kPrefix + name + QStringLiteral(".mjs"));
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}  // namespace

QStringList exampleNames() {
  initResources();
  // Simple first, then the ones that show fetches, streams and memory.
  static const QStringList kOrder{QStringLiteral("hello"), QStringLiteral("fetch_fanout"),
                                  QStringLiteral("tee_backpressure"), QStringLiteral("pipe_slow"),
                                  QStringLiteral("memory"), QStringLiteral("faults")};
  QStringList names;
  for (const QString& name : kOrder)
    if (QFile::exists(kPrefix + name + QStringLiteral(".mjs"))) names << name;
  const QStringList files = QDir(QStringLiteral(":/examples")).entryList({QStringLiteral("workbench_*.mjs")});
  for (const QString& file : files) {
    QString name = file.mid(10).chopped(4);
    if (!names.contains(name)) names << name;
  }
  return names;
}

QString exampleSummary(const QString& name) {
  for (const QByteArray& line : source(name).split('\n')) {
    QByteArray trimmed = line.trimmed();
    if (trimmed.startsWith("//") && !trimmed.contains("workbench-load:"))
      return QString::fromUtf8(trimmed.mid(2).trimmed());
  }
  return {};
}

QString extractExample(const QString& name, QString* error) {
  QByteArray code = source(name);
  if (code.isEmpty()) {
    *error = QStringLiteral("no example named '%1'").arg(name);
    return {};
  }
  QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/examples");
  if (!QDir().mkpath(dir)) {
    *error = QStringLiteral("cannot create %1").arg(dir);
    return {};
  }
  QString path = dir + QStringLiteral("/workbench_") + name + QStringLiteral(".mjs");
  // An unchanged copy is left alone: rewriting it would trigger a reload for nothing.
  QFile existing(path);
  if (existing.open(QIODevice::ReadOnly) && existing.readAll() == code) return path;
  existing.close();
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(code) != code.size() || !out.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
    return {};
  }
  return path;
}

}  // namespace nano::app
