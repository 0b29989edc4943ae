#pragma once
// RequestFilterProxy: what every panel view looks through. Sorts by SortRole
// (raw numbers), keeps only rows of the selected request when one is selected,
// and matches a free-text filter against the text columns.
#include <QSortFilterProxyModel>

#include <optional>

#include "telemetry/records.h"

namespace nano::app {

class RowSortKeys;

class RequestFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit RequestFilterProxy(QObject* parent = nullptr);

  void setRequestFilter(std::optional<telemetry::Id> request);
  std::optional<telemetry::Id> requestFilter() const { return m_request; }
  // Case-insensitive substring match against any column whose display value is text.
  void setTextFilter(const QString& text);
  QString textFilter() const { return m_text; }
  // Only live rows (in flight, pending, open).
  void setLiveOnly(bool liveOnly);
  void setSourceModel(QAbstractItemModel* model) override;

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  std::optional<telemetry::Id> m_request;
  QString m_text;
  bool m_liveOnly = false;
  const RowSortKeys* m_keys = nullptr;  // the source's numeric keys, when it has them
};

}  // namespace nano::app
