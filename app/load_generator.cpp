#include "load_generator.h"

#include <QNetworkReply>
#include <QRegularExpression>

namespace nano::app {

LoadGenerator::LoadGenerator(QObject* parent) : QObject(parent) {
  m_timer.setTimerType(Qt::PreciseTimer);
  connect(&m_timer, &QTimer::timeout, this, &LoadGenerator::fire);
  setRate(m_rate);
}

void LoadGenerator::setTarget(const QUrl& base) { m_base = base; }

void LoadGenerator::setPaths(const QStringList& paths) {
  m_paths = paths.isEmpty() ? QStringList{QStringLiteral("/")} : paths;
  m_next = 0;
}

void LoadGenerator::setRate(double requestsPerSecond) {
  m_rate = std::clamp(requestsPerSecond, 0.1, 1000.0);
  m_timer.setInterval(std::max(1, static_cast<int>(1000.0 / m_rate)));
}

void LoadGenerator::setRunning(bool running) {
  if (running == isRunning()) return;
  if (running)
    m_timer.start();
  else
    m_timer.stop();
  emit runningChanged(running);
}

void LoadGenerator::fire() {
  if (!m_base.isValid() || m_inFlight >= m_maxInFlight) return;
  QString path = m_paths[m_next++ % m_paths.size()];
  QNetworkRequest request(m_base.resolved(QUrl(path)));
  request.setTransferTimeout(30000);
  QElapsedTimer clock;
  clock.start();
  QNetworkReply* reply = m_network.get(request);
  ++m_sent;
  ++m_inFlight;
  connect(reply, &QNetworkReply::finished, this, [this, reply, clock] {
    --m_inFlight;
    int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    (reply->error() == QNetworkReply::NoError ? m_ok : m_failed)++;
    reply->deleteLater();
    emit finished(status, static_cast<double>(clock.nsecsElapsed()) / 1e6);
  });
}

QStringList LoadGenerator::pathsFromSource(const QString& source) {
  static const QRegularExpression line(QStringLiteral(R"(^\s*//\s*workbench-load:\s*(.+)$)"),
                                       QRegularExpression::MultilineOption);
  QRegularExpressionMatch match = line.match(source);
  if (!match.hasMatch()) return {};
  return match.captured(1).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
}

}  // namespace nano::app
