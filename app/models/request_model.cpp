#include "request_model.h"

#include "record_text.h"

#include <algorithm>
#include <limits>

namespace nano::app {

using telemetry::RequestRecord;

RequestModel::RequestModel(QObject* parent) : KeyedTableModel(OnClose::Keep, parent) {}

int RequestModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RequestModel::value(const Row& row, int column) const {
  const RequestRecord& r = row.record;
  auto linked = [](const std::unordered_map<telemetry::Id, uint64_t>& map, telemetry::Id id) {
    auto it = map.find(id);
    return it == map.end() ? uint64_t(0) : it->second;
  };
  switch (column) {
    case Id: return qulonglong(r.id);
    case Method: return toQString(r.method);
    case Path: return toQString(r.path);
    case Status: return r.status ? QVariant(r.status) : QVariant();
    case Duration: {
      double end = r.end >= 0 ? r.end : (row.live ? now() : row.closed);
      return std::max(0.0, end - r.start);
    }
    case Cpu: return r.cpuTime;
    case ArenaPeak: return qulonglong(r.arenaPeak);
    case ArrayBufferBytes: return qulonglong(r.arrayBufferBytes);
    case HeapDelta: return qlonglong(r.heapDelta);
    case Fetches: return qulonglong(std::max<uint64_t>(r.fetchIds.size(), linked(m_linkedFetches, r.id)));
    case Promises:  // blank unless every promise was counted (Run > Count every promise)
      if (!r.promisesCounted) return {};
      return qulonglong(std::max<uint64_t>(r.promisesCreated, linked(m_linkedPromises, r.id)));
    case App: return toQString(r.app);
  }
  return {};
}

bool RequestModel::sortKey(int row, int column, double* key) const {
  if (row < 0 || row >= rowCount()) return false;
  const Row& r = rowAt(row);
  switch (column) {
    case Id: *key = static_cast<double>(r.record.id); return true;
    // No status yet sorts before any status, as the empty SortRole value does.
    case Status:
      *key = r.record.status ? r.record.status : -std::numeric_limits<double>::infinity();
      return true;
    case Duration:
    case Cpu:
    case HeapDelta:
    case ArrayBufferBytes:
    case ArenaPeak:
    case Fetches:
    case Promises: *key = value(r, column).toDouble(); return true;
  }
  return false;
}

QVariant RequestModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& row = rowAt(index.row());
  const RequestRecord& r = row.record;
  switch (role) {
    case Qt::DisplayRole:
    case SortRole: return value(row, index.column());
    case Qt::ToolTipRole:
      if (index.column() == HeapDelta && r.heapDeltaApproximate)
        return tr("Approximate: other requests ran at the same time");
      return {};
    case IdRole: return qulonglong(r.id);
    // A request is its own request: filtering by request keeps its row.
    case RequestIdRole: return qulonglong(r.id);
    case LiveRole: return row.live;
    case ApproximateRole: return r.heapDeltaApproximate;
    case StartRole: return r.start;
    case EndRole: return r.end;
    case UnitRole:
      switch (index.column()) {
        case Id: return int(Unit::Id);
        case Status: case Fetches: case Promises: return int(Unit::Count);
        case Duration: case Cpu: return int(Unit::Millis);
        case ArenaPeak: case ArrayBufferBytes: case HeapDelta: return int(Unit::Bytes);
        default: return int(Unit::Text);
      }
  }
  return {};
}

QVariant RequestModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* const kNames[ColumnCount] = {"#",        "Method", "Path",         "Status",
                                                  "Duration", "CPU",    "Heap Δ",       "ArrayBuffers",
                                                  "Native peak", "Fetches", "Promises", "App"};
  return section >= 0 && section < ColumnCount ? QString::fromUtf8(kNames[section]) : QVariant();
}

void RequestModel::merge(RequestRecord& incoming, const RequestRecord& previous) {
  // Updates carry what changed (the status); the close carries the figures.
  if (incoming.app.empty()) incoming.app = previous.app;
  if (incoming.method.empty()) incoming.method = previous.method;
  if (incoming.path.empty()) incoming.path = previous.path;
  if (!incoming.status) incoming.status = previous.status;
  if (incoming.start == 0) incoming.start = previous.start;
  if (incoming.end < 0) incoming.end = previous.end;
  incoming.arenaPeak = std::max(incoming.arenaPeak, previous.arenaPeak);
  incoming.arrayBufferBytes = std::max(incoming.arrayBufferBytes, previous.arrayBufferBytes);
  if (incoming.heapDelta == 0) incoming.heapDelta = previous.heapDelta;
  incoming.cpuTime = std::max(incoming.cpuTime, previous.cpuTime);
  incoming.promisesCreated = std::max(incoming.promisesCreated, previous.promisesCreated);
  incoming.promisesCounted = incoming.promisesCounted || previous.promisesCounted;
  if (incoming.fetchIds.empty()) incoming.fetchIds = previous.fetchIds;
}

void RequestModel::addLinks(const std::unordered_map<telemetry::Id, Links>& links) {
  std::vector<int> rows;
  for (const auto& [request, add] : links) {
    if (add.fetches) m_linkedFetches[request] += add.fetches;
    if (add.promises) m_linkedPromises[request] += add.promises;
    int row = rowOf(request);
    if (row >= 0) rows.push_back(row);
  }
  announceChanged(std::move(rows), Fetches, Promises);
}

void RequestModel::clearLinks() {
  m_linkedFetches.clear();
  m_linkedPromises.clear();
}

void RequestModel::rowRemoved(const Row& row) { forget(row.record.id); }

void RequestModel::forget(telemetry::Id id) {
  m_linkedFetches.erase(id);
  m_linkedPromises.erase(id);
}

void RequestModel::rowsCleared() { clearLinks(); }

}  // namespace nano::app
