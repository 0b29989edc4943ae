#include "telemetry_poller.h"

#include "workspace.h"

namespace nano::app {

TelemetryPoller::TelemetryPoller(Workspace* workspace, QObject* parent)
    : QObject(parent), m_workspace(workspace) {
  m_timer.setInterval(33);
  connect(&m_timer, &QTimer::timeout, this, &TelemetryPoller::tick);
}

TelemetryPoller::~TelemetryPoller() {
  if (m_feed) m_feed->removeReader(m_reader);
}

void TelemetryPoller::setFeed(std::shared_ptr<telemetry::Feed> feed) {
  if (m_feed) m_feed->removeReader(m_reader);
  m_feed = std::move(feed);
  m_cursor = 1;
  if (m_feed) m_reader = m_feed->addReader(m_cursor);
  m_workspace->clearTelemetry();
}

void TelemetryPoller::setPaused(bool paused) {
  if (paused == m_paused) return;
  m_paused = paused;
  if (paused) m_workspace->flush();  // the frozen views show everything read so far
  emit pausedChanged(paused);
  if (!paused) poll();
}

void TelemetryPoller::poll() {
  if (!m_feed || m_paused) return;
  telemetry::Feed::Batch batch = m_feed->readNext(m_reader, m_batchLimit);
  m_cursor = batch.next;
  m_workspace->apply(batch);
  m_workspace->setNow(m_feed->now());
  emit polled();
}

void TelemetryPoller::tick() {
  if (!m_feed || m_paused) return;
  telemetry::Feed::Batch batch = m_feed->readNext(m_reader, m_batchLimit);
  m_cursor = batch.next;
  m_workspace->applyLive(std::move(batch));
  m_workspace->setNow(m_feed->now());
  emit polled();
}

}  // namespace nano::app
