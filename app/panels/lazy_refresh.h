#pragma once
// LazyRefresh: redraws a panel's costly parts (graphs, charts) a few times a
// second, only while the panel is visible and only after its models changed.
// A hidden panel asks for nothing; a busy feed costs one redraw per tick.
#include <QAbstractItemModel>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace nano::app {

class LazyRefresh : public QObject {
  Q_OBJECT

 public:
  LazyRefresh(QWidget* panel, int intervalMs, std::function<void()> redraw);

  // Any row inserted, changed or removed (or a reset) marks the panel dirty.
  void watch(QAbstractItemModel* model);
  void markDirty() { m_dirty = true; }
  // The redraw ran (on a tick or called directly).
  void markClean() { m_dirty = false; }

 private:
  QWidget* m_panel;
  std::function<void()> m_redraw;
  QTimer m_timer;
  bool m_dirty = true;
};

}  // namespace nano::app
