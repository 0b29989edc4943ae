#include "format.h"

#include <QLocale>

#include <cmath>

#include "telemetry/records.h"

namespace nano::app {

QString formatBytes(double bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double magnitude = std::fabs(bytes);
  int unit = 0;
  while (magnitude >= 1024 && unit < 4) {
    magnitude /= 1024;
    ++unit;
  }
  QString sign = bytes < 0 ? QStringLiteral("-") : QString();
  if (unit == 0) return sign + QString::number(static_cast<qint64>(magnitude)) + QStringLiteral(" B");
  return sign + QString::number(magnitude, 'f', magnitude < 10 ? 2 : 1) + QLatin1Char(' ') +
         QString::fromLatin1(kUnits[unit]);
}

QString formatMillis(double ms) {
  if (ms < 0) return QStringLiteral("–");
  if (ms < 1) return QString::number(ms, 'f', 2) + QStringLiteral(" ms");
  if (ms < 1000) return QString::number(ms, 'f', ms < 100 ? 1 : 0) + QStringLiteral(" ms");
  if (ms < 60000) return QString::number(ms / 1000, 'f', 2) + QStringLiteral(" s");
  return QString::number(ms / 60000, 'f', 1) + QStringLiteral(" min");
}

QString formatCount(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return QLocale().toString(static_cast<qlonglong>(value));
  return QLocale().toString(value, 'f', 1);
}

QString formatRatio(double ratio) { return QString::number(std::round(ratio * 100)) + QLatin1Char('%'); }

QColor phaseColor(int phase) {
  using telemetry::FetchPhase;
  switch (static_cast<FetchPhase>(phase)) {
    case FetchPhase::Queued: return QColor(0xb0, 0xb0, 0xb0);
    case FetchPhase::Dns: return QColor(0x26, 0xa6, 0x9a);
    case FetchPhase::Connecting: return QColor(0xf5, 0x9e, 0x0b);
    case FetchPhase::Tls: return QColor(0x9c, 0x6a, 0xde);
    case FetchPhase::Sending: return QColor(0x4c, 0xaf, 0x50);
    case FetchPhase::Waiting: return QColor(0x2e, 0x9d, 0x4e);
    case FetchPhase::Receiving: return QColor(0x1e, 0x88, 0xe5);
    case FetchPhase::Done: return QColor(0x1e, 0x88, 0xe5);
    case FetchPhase::Failed: return QColor(0xe5, 0x39, 0x35);
    case FetchPhase::Aborted: return QColor(0x8d, 0x6e, 0x63);
  }
  return Qt::gray;
}

QColor fillColor(double ratio, bool backpressure) {
  if (backpressure) return QColor(0xe5, 0x39, 0x35);
  if (ratio >= 0.75) return QColor(0xf5, 0x9e, 0x0b);
  return QColor(0x43, 0xa0, 0x47);
}

}  // namespace nano::app
