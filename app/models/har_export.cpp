#include "har_export.h"

#include "record_text.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include "fetch_model.h"

namespace nano::app {

using telemetry::FetchOp;
using telemetry::FetchPhase;

namespace {

double phase(const FetchOp& op, FetchPhase p) { return op.phaseStart[static_cast<int>(p)]; }

// Time from phase `from` to the next phase that was reached; -1 when `from` was not.
double span(const FetchOp& op, FetchPhase from) {
  double start = phase(op, from);
  if (start < 0) return -1;
  for (int i = static_cast<int>(from) + 1; i < telemetry::kFetchPhaseCount; ++i)
    if (op.phaseStart[i] >= 0) return std::max(0.0, op.phaseStart[i] - start);
  return -1;
}

QJsonArray queryString(const QUrl& url) {
  QJsonArray out;
  for (const auto& [name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
    out.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
  return out;
}

QJsonObject entry(const FetchOp& op, const HarOptions& options) {
  double start = FetchModel::startOf(op, 0);
  // DNS, connect (TLS included, as HAR wants) and the rest, from the phase starts.
  double blocked = span(op, FetchPhase::Queued);
  double dns = span(op, FetchPhase::Dns);
  double connecting = span(op, FetchPhase::Connecting);
  double ssl = span(op, FetchPhase::Tls);
  double connect = connecting < 0 && ssl < 0 ? -1 : std::max(0.0, connecting) + std::max(0.0, ssl);
  double send = std::max(0.0, span(op, FetchPhase::Sending));
  double wait = std::max(0.0, span(op, FetchPhase::Waiting));
  double receive = std::max(0.0, span(op, FetchPhase::Receiving));
  double total = std::max(0.0, blocked) + std::max(0.0, dns) + std::max(0.0, connect) + send + wait + receive;

  QDateTime started = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(options.epochMsAtFeedStart + start), Qt::UTC);
  QUrl url(toQString(op.url));
  const QJsonArray none;
  QJsonObject request{
      {QStringLiteral("method"), toQString(op.method)},
      {QStringLiteral("url"), toQString(op.url)},
      {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
      {QStringLiteral("cookies"), none},
      {QStringLiteral("headers"), none},
      {QStringLiteral("queryString"), queryString(url)},
      {QStringLiteral("headersSize"), -1},
      {QStringLiteral("bodySize"), static_cast<double>(op.bytesSent)},
  };
  QJsonObject response{
      {QStringLiteral("status"), op.status},
      {QStringLiteral("statusText"), QString()},
      {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
      {QStringLiteral("cookies"), none},
      {QStringLiteral("headers"), none},
      {QStringLiteral("content"),
       QJsonObject{{QStringLiteral("size"), static_cast<double>(op.bytesReceived)},
                   {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}}},
      {QStringLiteral("redirectURL"), QString()},
      {QStringLiteral("headersSize"), -1},
      {QStringLiteral("bodySize"), static_cast<double>(op.bytesReceived)},
  };
  if (!op.error.empty()) response.insert(QStringLiteral("_error"), toQString(op.error));
  QJsonObject timings{
      {QStringLiteral("blocked"), blocked},
      {QStringLiteral("dns"), dns},
      {QStringLiteral("connect"), connect},
      {QStringLiteral("send"), send},
      {QStringLiteral("wait"), wait},
      {QStringLiteral("receive"), receive},
      {QStringLiteral("ssl"), ssl},
  };
  QJsonObject e{
      {QStringLiteral("startedDateTime"), started.toString(Qt::ISODateWithMs)},
      {QStringLiteral("time"), total},
      {QStringLiteral("request"), request},
      {QStringLiteral("response"), response},
      {QStringLiteral("cache"), QJsonObject{}},
      {QStringLiteral("timings"), timings},
      {QStringLiteral("_phase"), QString::fromLatin1(telemetry::toString(op.phase))},
      {QStringLiteral("_fetchId"), static_cast<double>(op.id)},
  };
  if (op.request) e.insert(QStringLiteral("_requestId"), static_cast<double>(*op.request));
  return e;
}

}  // namespace

QJsonDocument toHar(const std::vector<const FetchOp*>& fetches, const HarOptions& options) {
  QJsonArray entries;
  for (const FetchOp* op : fetches) entries.append(entry(*op, options));
  QJsonObject log{
      {QStringLiteral("version"), QStringLiteral("1.2")},
      {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), options.creatorName},
                                              {QStringLiteral("version"), options.creatorVersion}}},
      {QStringLiteral("pages"), QJsonArray{}},
      {QStringLiteral("entries"), entries},
  };
  return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}});
}

}  // namespace nano::app
