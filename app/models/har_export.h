#pragma once
// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from fetch records,
// so the Fetches panel's list opens in browser DevTools and HAR viewers.
#include <QJsonDocument>
#include <QString>

#include <vector>

#include "telemetry/records.h"

namespace nano::app {

struct HarOptions {
  // Wall-clock time (ms since the Unix epoch) of the feed's time 0.
  double epochMsAtFeedStart = 0;
  QString creatorName = QStringLiteral("NANO Workbench");
  QString creatorVersion;
};

QJsonDocument toHar(const std::vector<const telemetry::FetchOp*>& fetches, const HarOptions& options);

}  // namespace nano::app
