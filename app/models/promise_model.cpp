#include "promise_model.h"

#include "record_text.h"

namespace nano::app {

using telemetry::PendingPromise;

PromiseModel::PromiseModel(QObject* parent) : KeyedTableModel(OnClose::Remove, parent) {}

int PromiseModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PromiseModel::value(const Row& row, int column) const {
  const PendingPromise& p = row.record;
  switch (column) {
    case Id: return qulonglong(p.id);
    case OpKind: return toQString(p.opKind);
    case Request: return p.request ? QVariant(qulonglong(*p.request)) : QVariant();
    case Created: return p.created;
    case Age: return std::max(0.0, now() - p.created);
  }
  return {};
}

QVariant PromiseModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& row = rowAt(index.row());
  switch (role) {
    case Qt::DisplayRole:
    case SortRole: return value(row, index.column());
    case IdRole: return qulonglong(row.record.id);
    case RequestIdRole: return row.record.request ? QVariant(qulonglong(*row.record.request)) : QVariant();
    case LiveRole: return row.live;
    case OpKindRole: return toQString(row.record.opKind);
    case UnitRole:
      switch (index.column()) {
        case Id: case Request: return int(Unit::Id);
        case Created: case Age: return int(Unit::Millis);
        default: return int(Unit::Text);
      }
  }
  return {};
}

QVariant PromiseModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* const kNames[ColumnCount] = {"#", "Op", "Req", "Created at", "Age"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

void PromiseModel::rowUpdated(const Row& row, const PendingPromise* previous) {
  QString kind = toQString(row.record.opKind);
  if (previous) {
    if (previous->opKind == row.record.opKind) return;
    QString old = toQString(previous->opKind);
    if (--m_byKind[old] <= 0) m_byKind.remove(old);
  }
  ++m_byKind[kind];
}

void PromiseModel::rowRemoved(const Row& row) {
  QString kind = toQString(row.record.opKind);
  if (--m_byKind[kind] <= 0) m_byKind.remove(kind);
}

}  // namespace nano::app
