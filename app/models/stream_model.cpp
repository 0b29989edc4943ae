#include "stream_model.h"

#include "record_text.h"

#include <QStringList>
#include <QVariantList>

namespace nano::app {

using telemetry::StreamInfo;

namespace {
QVariant optionalId(const std::optional<telemetry::Id>& id) {
  return id ? QVariant(qulonglong(*id)) : QVariant();
}
}  // namespace

StreamModel::StreamModel(QObject* parent) : KeyedTableModel(OnClose::Keep, parent) {}

int StreamModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

double StreamModel::fillOf(const StreamInfo& s) {
  if (s.highWaterMark > 0) return s.queueBytes / s.highWaterMark;
  return s.queueBytes > 0 ? 1.0 : 0.0;
}

QVariant StreamModel::value(const Row& row, int column, bool raw) const {
  const StreamInfo& s = row.record;
  switch (column) {
    case Id: return qulonglong(s.id);
    case Kind: return raw ? QVariant(static_cast<int>(s.streamKind)) : QVariant(QString::fromLatin1(telemetry::toString(s.streamKind)));
    case State: return toQString(s.state);
    case QueueChunks: return qulonglong(s.queueChunks);
    case QueueBytes: return s.queueBytes;
    case HighWaterMark: return s.highWaterMark;
    case Fill: return fillOf(s);
    case DesiredSize: return s.desiredSize;
    case Locked: return s.locked;
    case Backpressure: return s.backpressure;
    case Links: {
      if (raw) return s.teeParent ? qulonglong(*s.teeParent) : s.pipeTo ? qulonglong(*s.pipeTo) : qulonglong(0);
      QStringList parts;
      if (s.teeParent) parts << QStringLiteral("tee of #%1").arg(*s.teeParent);
      if (!s.teeBranches.empty()) {
        QStringList ids;
        for (telemetry::Id b : s.teeBranches) ids << QStringLiteral("#%1").arg(b);
        parts << QStringLiteral("tee → %1").arg(ids.join(QStringLiteral(", ")));
      }
      if (s.pipeTo) parts << QStringLiteral("pipe → #%1").arg(*s.pipeTo);
      if (s.pipeFrom) parts << QStringLiteral("pipe ← #%1").arg(*s.pipeFrom);
      return parts.join(QStringLiteral("; "));
    }
    case ChunksTotal: return qulonglong(s.chunksTotal);
    case BytesTotal: return s.bytesTotal;
    case Request: return optionalId(s.request);
  }
  return {};
}

QVariant StreamModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& row = rowAt(index.row());
  const StreamInfo& s = row.record;
  switch (role) {
    case Qt::DisplayRole: return value(row, index.column(), false);
    case SortRole: return value(row, index.column(), true);
    case IdRole: return qulonglong(s.id);
    case RequestIdRole: return optionalId(s.request);
    case LiveRole: return row.live;
    case UnitRole:
      switch (index.column()) {
        case Id: case Request: return int(Unit::Id);
        case QueueChunks: case ChunksTotal: return int(Unit::Count);
        // Queue sizes are what the strategy measures: bytes for byte streams, chunks otherwise.
        case QueueBytes: case HighWaterMark: case DesiredSize: case BytesTotal: return int(Unit::Count);
        case Fill: return int(Unit::Ratio);
        case Locked: case Backpressure: return int(Unit::Flag);
        default: return int(Unit::Text);
      }
    case KindRole: return static_cast<int>(s.streamKind);
    case BackpressureRole: return s.backpressure;
    case FillRole: return fillOf(s);
    case TeeParentRole: return optionalId(s.teeParent);
    case TeeBranchesRole: {
      QVariantList ids;
      for (telemetry::Id b : s.teeBranches) ids.append(qulonglong(b));
      return ids;
    }
    case PipeToRole: return optionalId(s.pipeTo);
    case PipeFromRole: return optionalId(s.pipeFrom);
    case StateRole: return toQString(s.state);
  }
  return {};
}

QVariant StreamModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* const kNames[ColumnCount] = {
      "#",     "Kind",   "State",  "Chunks", "Queue",  "HWM",   "Fill",
      "Desired", "Locked", "Backpressure", "Links", "Chunks total", "Size total", "Req"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

const PeakSeries* StreamModel::history(telemetry::Id id) const {
  auto it = m_history.find(id);
  return it == m_history.end() ? nullptr : it->second.get();
}

void StreamModel::observe(const telemetry::Event& event, const StreamInfo& record) {
  auto& series = m_history[record.id];
  if (!series) series = std::make_unique<PeakSeries>(HistoryColumnCount, m_historyCap);
  // Records are coalesced per macrotask: the peak between them is the queue's height.
  series->append(event.t, {record.queueBytes,
                           static_cast<double>(std::max(record.queueChunks, record.queueChunksPeak))});
  m_historyDirty = true;
}

void StreamModel::rowRemoved(const Row& row) { m_history.erase(row.record.id); }

void StreamModel::rowsCleared() {
  m_history.clear();
  m_historyDirty = true;
}

void StreamModel::merge(StreamInfo& incoming, const StreamInfo& previous) {
  // Links are set once (tee, pipeTo); a later update that leaves them out keeps them.
  if (!incoming.teeParent) incoming.teeParent = previous.teeParent;
  if (incoming.teeBranches.empty()) incoming.teeBranches = previous.teeBranches;
  if (!incoming.pipeTo) incoming.pipeTo = previous.pipeTo;
  if (!incoming.pipeFrom) incoming.pipeFrom = previous.pipeFrom;
  if (!incoming.request) incoming.request = previous.request;
}

void StreamModel::batchApplied() {
  // Streams closed inside a batch were never rows: drop their histories too.
  for (auto it = m_history.begin(); it != m_history.end();) {
    if (rowOf(it->first) < 0) it = m_history.erase(it);
    else ++it;
  }
  if (m_historyDirty) {
    m_historyDirty = false;
    emit historyUpdated();
  }
}

}  // namespace nano::app
