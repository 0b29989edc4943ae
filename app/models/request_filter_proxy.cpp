#include "request_filter_proxy.h"

#include "keyed_table_model.h"
#include "model_roles.h"

namespace nano::app {

RequestFilterProxy::RequestFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(SortRole);
  setDynamicSortFilter(true);
}

void RequestFilterProxy::setRequestFilter(std::optional<telemetry::Id> request) {
  if (request == m_request) return;
  m_request = request;
  invalidateRowsFilter();
}

void RequestFilterProxy::setTextFilter(const QString& text) {
  if (text == m_text) return;
  m_text = text;
  invalidateRowsFilter();
}

void RequestFilterProxy::setLiveOnly(bool liveOnly) {
  if (liveOnly == m_liveOnly) return;
  m_liveOnly = liveOnly;
  invalidateRowsFilter();
}

bool RequestFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* model = sourceModel();
  QModelIndex first = model->index(sourceRow, 0, sourceParent);
  if (m_request) {
    QVariant request = first.data(RequestIdRole);
    if (!request.isValid() || request.toULongLong() != *m_request) return false;
  }
  if (m_liveOnly && !first.data(LiveRole).toBool()) return false;
  if (m_text.isEmpty()) return true;
  int columns = model->columnCount(sourceParent);
  for (int c = 0; c < columns; ++c) {
    QModelIndex cell = model->index(sourceRow, c, sourceParent);
    if (cell.data(UnitRole).toInt() != int(Unit::Text)) continue;
    if (cell.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive)) return true;
  }
  return false;
}

void RequestFilterProxy::setSourceModel(QAbstractItemModel* model) {
  m_keys = dynamic_cast<const RowSortKeys*>(model);
  QSortFilterProxyModel::setSourceModel(model);
}

bool RequestFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  double keyLeft = 0;
  double keyRight = 0;
  if (m_keys && !left.parent().isValid() && m_keys->sortKey(left.row(), left.column(), &keyLeft) &&
      m_keys->sortKey(right.row(), right.column(), &keyRight))
    return keyLeft < keyRight;
  QVariant a = left.data(SortRole);
  QVariant b = right.data(SortRole);
  // Empty values (no status yet, no request) sort before any number.
  if (!a.isValid() || !b.isValid()) return !a.isValid() && b.isValid();
  return QVariant::compare(a, b) == QPartialOrdering::Less;
}

}  // namespace nano::app
