#pragma once
// Telemetry record strings (UTF-8 telemetry::Text) as QStrings.
#include <QString>

#include "telemetry/text.h"

namespace nano::app {

inline QString toQString(const telemetry::Text& text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace nano::app
