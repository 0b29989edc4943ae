#include "table_view.h"

#include <QHeaderView>
#include <QScrollBar>

#include "delegates/unit_delegate.h"

namespace nano::app {

TableView::TableView(QWidget* parent) : QTreeView(parent) {
  setRootIsDecorated(false);
  setUniformRowHeights(true);
  setAlternatingRowColors(true);
  setSortingEnabled(true);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setItemDelegate(new UnitDelegate(this));
  header()->setStretchLastSection(true);
  header()->setSectionsMovable(true);
  header()->setSortIndicatorShown(true);
  // Follow the tail while the user is at the bottom: the range grows with new rows
  // (or changes with a resize) and the view stays at the end; scrolling up stops it.
  QScrollBar* bar = verticalScrollBar();
  connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
    if (!m_followTail || !m_atEnd) return;
    m_adjusting = true;
    bar->setValue(max);
    m_adjusting = false;
  });
  connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
    if (!m_adjusting) m_atEnd = value >= bar->maximum() - 2;
  });
}

void TableView::setModel(QAbstractItemModel* model) {
  QTreeView::setModel(model);
  if (!model) return;
  // Oldest first, newest at the bottom (kept in view by follow-tail), as in DevTools.
  sortByColumn(0, Qt::AscendingOrder);
}

void TableView::fitColumns(const QList<int>& widths) {
  QHeaderView* h = header();
  for (int c = 0; c < h->count(); ++c) {
    if (c < widths.size() && widths[c] > 0)
      h->resizeSection(c, widths[c]);
    else
      h->resizeSection(c, std::max(h->sectionSizeHint(c), 48));
  }
}

}  // namespace nano::app
