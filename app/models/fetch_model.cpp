#include "fetch_model.h"

#include "record_text.h"

#include <QVariantList>

namespace nano::app {

using telemetry::FetchOp;
using telemetry::FetchPhase;

FetchModel::FetchModel(QObject* parent) : KeyedTableModel(OnClose::Keep, parent) {}

int FetchModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

double FetchModel::startOf(const FetchOp& op, double fallback) {
  for (double t : op.phaseStart)
    if (t >= 0) return t;
  return fallback;
}

double FetchModel::endOf(const FetchOp& op) {
  double end = -1;
  for (FetchPhase p : {FetchPhase::Done, FetchPhase::Failed, FetchPhase::Aborted}) {
    double t = op.phaseStart[static_cast<int>(p)];
    if (t >= 0 && (end < 0 || t < end)) end = t;
  }
  return end;
}

QVariant FetchModel::value(const Row& row, int column, bool raw) const {
  const FetchOp& f = row.record;
  switch (column) {
    case Id: return qulonglong(f.id);
    case Request: return f.request ? QVariant(qulonglong(*f.request)) : QVariant();
    case Method: return toQString(f.method);
    case Url: return toQString(f.url);
    case Phase: return raw ? QVariant(static_cast<int>(f.phase)) : QVariant(QString::fromLatin1(telemetry::toString(f.phase)));
    case Status: return f.status ? QVariant(f.status) : QVariant();
    case BytesSent: return qulonglong(f.bytesSent);
    case BytesReceived: return qulonglong(f.bytesReceived);
    case Duration:
    case Waterfall: {
      double start = startOf(f, row.opened);
      double end = endOf(f);
      if (end < 0) end = row.live ? now() : (row.closed >= 0 ? row.closed : start);
      return std::max(0.0, end - start);
    }
  }
  return {};
}

QVariant FetchModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& row = rowAt(index.row());
  const FetchOp& f = row.record;
  switch (role) {
    case Qt::DisplayRole:
      return index.column() == Waterfall ? QVariant() : value(row, index.column(), false);
    case SortRole: return value(row, index.column(), true);
    case Qt::ToolTipRole:
      if (!f.error.empty()) return toQString(f.error);
      return index.column() == Url ? QVariant(toQString(f.url)) : QVariant();
    case IdRole: return qulonglong(f.id);
    case RequestIdRole: return f.request ? QVariant(qulonglong(*f.request)) : QVariant();
    case LiveRole: return row.live;
    case UnitRole:
      switch (index.column()) {
        case Id: case Request: return int(Unit::Id);
        case BytesSent: case BytesReceived: return int(Unit::Bytes);
        case Duration: return int(Unit::Millis);
        case Status: return int(Unit::Count);
        default: return int(Unit::Text);
      }
    case PhaseRole: return static_cast<int>(f.phase);
    case PhaseStartsRole: {
      QVariantList starts;
      starts.reserve(telemetry::kFetchPhaseCount);
      for (double t : f.phaseStart) starts.append(t);
      return starts;
    }
    case StartRole: return startOf(f, row.opened);
    case EndRole: {
      double end = endOf(f);
      return end >= 0 || row.live ? end : row.closed;
    }
    case ErrorRole: return toQString(f.error);
  }
  return {};
}

QVariant FetchModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == TimeRangeRole) return m_range;
  if (role != Qt::DisplayRole) return {};
  static const char* const kNames[ColumnCount] = {"#",        "Method",    "URL",      "Status", "Phase",
                                                  "Duration", "Waterfall", "Received", "Sent",   "Req"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

void FetchModel::batchApplied() {
  double first = -1;
  double last = liveCount() > 0 ? now() : 0;
  for (const Row& row : m_rows) {
    double start = startOf(row.record, row.opened);
    if (first < 0 || start < first) first = start;
    double end = endOf(row.record);
    if (end < 0) end = row.live ? now() : row.closed;
    last = std::max(last, end);
  }
  QPointF range(first < 0 ? 0 : first, std::max(last, first < 0 ? 0 : first));
  if (range == m_range) return;
  m_range = range;
  // Only the header: a whole-column dataChanged on every tick would make every
  // proxy re-check every row. Views that draw on this range repaint with their rows.
  emit headerDataChanged(Qt::Horizontal, Waterfall, Waterfall);
}

}  // namespace nano::app
