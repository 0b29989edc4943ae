#include "lazy_refresh.h"

namespace nano::app {

LazyRefresh::LazyRefresh(QWidget* panel, int intervalMs, std::function<void()> redraw)
    : QObject(panel), m_panel(panel), m_redraw(std::move(redraw)) {
  m_timer.setInterval(intervalMs);
  connect(&m_timer, &QTimer::timeout, this, [this] {
    if (m_dirty && m_panel->isVisible()) m_redraw();
  });
  m_timer.start();
}

void LazyRefresh::watch(QAbstractItemModel* model) {
  auto dirty = [this] { m_dirty = true; };
  connect(model, &QAbstractItemModel::rowsInserted, this, dirty);
  connect(model, &QAbstractItemModel::rowsRemoved, this, dirty);
  connect(model, &QAbstractItemModel::dataChanged, this, dirty);
  connect(model, &QAbstractItemModel::modelReset, this, dirty);
}

}  // namespace nano::app
