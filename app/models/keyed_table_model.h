#pragma once
// KeyedTableModel: the row bookkeeping shared by the telemetry panel models.
// Rows are keyed by telemetry id and change only on the GUI thread, from
// batches: within a batch the latest state per id wins, updated rows are
// announced as contiguous dataChanged ranges, removals as contiguous
// remove runs, and new rows as one insert at the end.
#include <QAbstractTableModel>

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "telemetry/records.h"

namespace nano::app {

template <class Record>
struct KeyedRow {
  Record record;
  bool live = true;
  double opened = 0;   // feed time of the first event seen
  double closed = -1;  // feed time of the close event
};

// Numbers to sort rows by, read without a QVariant per comparison (a sorted
// proxy compares each inserted row about log2(rows) times).
class RowSortKeys {
 public:
  virtual ~RowSortKeys() = default;
  // False: this column has no numeric key (the proxy compares SortRole values).
  virtual bool sortKey(int row, int column, double* key) const = 0;
};

template <class Record>
class KeyedTableModel : public QAbstractTableModel, public RowSortKeys {
 public:
  using Row = KeyedRow<Record>;
  using Id = telemetry::Id;
  enum class OnClose { Keep, Remove };

  explicit KeyedTableModel(OnClose onClose, QObject* parent = nullptr)
      : QAbstractTableModel(parent), m_onClose(onClose) {}

  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
  }

  // Applies a batch of events of this model's kind, in order.
  void apply(const std::vector<const telemetry::Event*>& events) {
    struct Pending {
      Id id = 0;
      const Record* record = nullptr;  // the latest state in the batch
      bool closed = false;
      bool skipped = false;  // a closed arrival the retain limit has no room for
      uint32_t firstEvent = 0;
      double firstT = 0;
      double closedT = -1;
    };
    // The batch grouped by id through one sort of (id, position) pairs: a
    // busy server brings tens of thousands of events per batch, and a hash
    // node per event costs the GUI thread more than the sort.
    std::vector<std::pair<Id, uint32_t>> keyed;
    keyed.reserve(events.size());
    for (uint32_t i = 0; i < events.size(); ++i)
      if (const Record* record = std::get_if<Record>(&events[i]->record)) keyed.emplace_back(record->id, i);
    std::sort(keyed.begin(), keyed.end());
    std::vector<Pending> pending;
    std::vector<uint32_t> pendingOf(events.size(), UINT32_MAX);  // event position -> its id's Pending
    for (size_t k = 0; k < keyed.size();) {
      Pending p;
      p.id = keyed[k].first;
      p.firstEvent = keyed[k].second;
      p.firstT = events[p.firstEvent]->t;
      for (; k < keyed.size() && keyed[k].first == p.id; ++k) {
        const telemetry::Event* e = events[keyed[k].second];
        p.record = std::get_if<Record>(&e->record);
        if (e->op == telemetry::Op::Close) {
          p.closed = true;
          p.closedT = e->t;
        } else if (e->op == telemetry::Op::Open) {
          p.closed = false;  // an id reused after a close opens again
        }
        pendingOf[keyed[k].second] = static_cast<uint32_t>(pending.size());
      }
      pending.push_back(p);
    }
    std::vector<uint32_t> order(pending.size());  // Pending indices by first appearance
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return pending[a].firstEvent < pending[b].firstEvent; });
    // Closed arrivals beyond the retain limit would be pruned at once: the
    // oldest of them are never copied into rows (a busy server brings
    // thousands a batch, the table keeps the newest), nor observed.
    for (size_t skip = closedArrivalsToSkip(order, pending), i = 0; skip > 0 && i < order.size(); ++i) {
      Pending& p = pending[order[i]];
      if (p.closed && !m_index.count(p.id)) {
        p.skipped = true;
        --skip;
      }
    }
    for (uint32_t i = 0; i < events.size(); ++i)
      if (pendingOf[i] != UINT32_MAX && !pending[pendingOf[i]].skipped)
        observe(*events[i], *std::get_if<Record>(&events[i]->record));
    std::vector<int> changed;
    std::vector<int> removed;
    std::vector<Row> added;
    for (uint32_t index : order) {
      const Pending& p = pending[index];
      auto found = m_index.find(p.id);
      bool drop = p.closed && m_onClose == OnClose::Remove;
      if (found != m_index.end()) {
        Row& row = m_rows[found->second];
        if (drop) {
          removed.push_back(found->second);
          continue;
        }
        Record previous = std::move(row.record);
        row.record = *p.record;
        merge(row.record, previous);
        if (p.closed && row.live) {
          row.live = false;
          row.closed = p.closedT;
          ++m_closedCount;
        } else if (!p.closed && !row.live) {
          row.live = true;
          row.closed = -1;
          --m_closedCount;
        }
        rowUpdated(row, &previous);
        changed.push_back(found->second);
      } else if (p.skipped) {
        arrivalSkipped(*p.record, p.firstT, p.closedT);
      } else if (!drop) {
        Row row;
        row.record = *p.record;
        row.opened = p.firstT;
        if (p.closed) {
          row.live = false;
          row.closed = p.closedT;
        }
        added.push_back(std::move(row));
      } else {
        Row gone;
        gone.record = *p.record;
        gone.live = false;
        gone.opened = p.firstT;
        gone.closed = p.closedT;
        rowClosedUnseen(gone);
      }
    }
    announceChanged(std::move(changed), 0, columnCount() - 1);
    removeRowList(std::move(removed));
    skipPrunedArrivals(added);
    if (!added.empty()) {
      int first = static_cast<int>(m_rows.size());
      beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
      for (Row& row : added) {
        if (!row.live) ++m_closedCount;
        m_index[row.record.id] = static_cast<int>(m_rows.size());
        m_rows.push_back(std::move(row));
        rowUpdated(m_rows.back(), nullptr);
      }
      endInsertRows();
    }
    prune();
    batchApplied();
  }

  // A reader that fell behind gets the latest state of live objects: start over from it.
  void resetTo(const std::vector<const telemetry::Event*>& events) {
    beginResetModel();
    clearRows();
    for (const telemetry::Event* e : events) {
      const Record* record = std::get_if<Record>(&e->record);
      if (!record || m_index.count(record->id)) continue;
      Row row;
      row.record = *record;
      row.opened = e->t;
      m_index[record->id] = static_cast<int>(m_rows.size());
      m_rows.push_back(std::move(row));
      rowUpdated(m_rows.back(), nullptr);
    }
    endResetModel();
    batchApplied();
  }

  void clear() {
    beginResetModel();
    clearRows();
    endResetModel();
    batchApplied();
  }

  // Closed rows kept for history (oldest go first); live rows are never dropped.
  void setRetainLimit(size_t closedRows) {
    m_retainLimit = closedRows;
    prune();
  }
  size_t retainLimit() const { return m_retainLimit; }

  const Row& rowAt(int row) const { return m_rows[static_cast<size_t>(row)]; }
  int rowOf(Id id) const {
    auto it = m_index.find(id);
    return it == m_index.end() ? -1 : it->second;
  }
  const Record* find(Id id) const {
    int r = rowOf(id);
    return r < 0 ? nullptr : &m_rows[static_cast<size_t>(r)].record;
  }
  size_t liveCount() const { return m_rows.size() - m_closedCount; }

  // Feed time now: columns that show an age or a running duration move on, in
  // live rows only (finished rows keep their figures, so proxies re-check few rows).
  void setNow(double now) {
    m_now = now;
    nowChanged();
    std::vector<int> columns = timeColumns();
    if (liveCount() == 0 || columns.empty()) return;
    std::vector<int> live;
    live.reserve(liveCount());
    for (size_t r = 0; r < m_rows.size(); ++r)
      if (m_rows[r].live) live.push_back(static_cast<int>(r));
    auto [low, high] = std::minmax_element(columns.begin(), columns.end());
    announceChanged(std::move(live), *low, *high);
  }
  double now() const { return m_now; }

 protected:
  // Hooks for derived models: keep aggregates, keep fields an update leaves out.
  virtual void rowUpdated(const Row& row, const Record* previous) {}
  virtual void rowRemoved(const Row& row) {}
  virtual void rowClosedUnseen(const Row& row) {}  // opened and closed inside one batch, not kept
  // A closed arrival the retain limit leaves no room for: as if added and
  // pruned at once. Models whose hooks need only the id override it to skip
  // the copy.
  virtual void arrivalSkipped(const Record& record, double opened, double closed) {
    Row row;
    row.record = record;
    row.live = false;
    row.opened = opened;
    row.closed = closed;
    rowUpdated(row, nullptr);
    rowRemoved(row);
  }
  virtual void rowsCleared() {}
  // Every event of this kind, before batches are coalesced (histories see each value).
  virtual void observe(const telemetry::Event& event, const Record& record) {}
  // After a batch, a reset or a clear: recompute what depends on all rows.
  virtual void batchApplied() {}
  virtual void nowChanged() {}
  virtual void merge(Record& incoming, const Record& previous) {}
  virtual std::vector<int> timeColumns() const { return {}; }

 public:
  bool sortKey(int, int, double*) const override { return false; }

 protected:

  // Emits one dataChanged per run of adjacent rows.
  void announceChanged(std::vector<int> rows, int firstColumn, int lastColumn) {
    if (rows.empty()) return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    size_t start = 0;
    for (size_t i = 1; i <= rows.size(); ++i) {
      if (i < rows.size() && rows[i] == rows[i - 1] + 1) continue;
      emit dataChanged(index(rows[start], firstColumn), index(rows[i - 1], lastColumn));
      start = i;
    }
  }

  std::vector<Row> m_rows;
  std::unordered_map<Id, int> m_index;

 private:
  void clearRows() {
    m_rows.clear();
    m_index.clear();
    m_closedCount = 0;
    rowsCleared();
  }

  // Removes rows given by position, one beginRemoveRows per contiguous run.
  void removeRowList(std::vector<int> rows) {
    if (rows.empty()) return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    size_t end = rows.size();
    while (end > 0) {
      size_t start = end - 1;
      while (start > 0 && rows[start - 1] == rows[start] - 1) --start;
      int first = rows[start];
      int last = rows[end - 1];
      beginRemoveRows({}, first, last);
      for (int r = first; r <= last; ++r) {
        const Row& row = m_rows[static_cast<size_t>(r)];
        if (!row.live) --m_closedCount;
        m_index.erase(row.record.id);
        rowRemoved(row);
      }
      m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
      endRemoveRows();
      end = start;
    }
    for (size_t r = static_cast<size_t>(rows.front()); r < m_rows.size(); ++r)
      m_index[m_rows[r].record.id] = static_cast<int>(r);
  }

  // Closed rows that prune() would remove right after inserting them (a burst
  // larger than the retain limit) never enter the table: only the newest are
  // inserted. Their hooks still run, so aggregates see every row.
  // How many of the ids new to the table that arrive closed exceed what the
  // retain limit leaves room for (the existing closed rows go first).
  template <class Pending>
  size_t closedArrivalsToSkip(const std::vector<uint32_t>& order, const std::vector<Pending>& pending) const {
    if (m_onClose == OnClose::Remove) return 0;
    size_t arrivals = 0;
    for (uint32_t index : order) {
      const Pending& p = pending[index];
      if (p.closed && m_index.find(p.id) == m_index.end()) ++arrivals;
    }
    size_t total = m_closedCount + arrivals;
    if (total <= m_retainLimit) return 0;
    size_t excess = total - m_retainLimit;
    return excess <= m_closedCount ? 0 : excess - m_closedCount;
  }

  void skipPrunedArrivals(std::vector<Row>& added) {
    size_t addedClosed = 0;
    for (const Row& row : added)
      if (!row.live) ++addedClosed;
    size_t total = m_closedCount + addedClosed;
    if (total <= m_retainLimit) return;
    size_t excess = total - m_retainLimit;
    if (excess <= m_closedCount) return;  // the existing closed rows go first
    size_t skip = excess - m_closedCount;
    std::vector<Row> kept;
    kept.reserve(added.size() - skip);
    for (Row& row : added) {
      if (skip && !row.live) {
        --skip;
        rowUpdated(row, nullptr);
        rowRemoved(row);
        continue;
      }
      kept.push_back(std::move(row));
    }
    added = std::move(kept);
  }

  void prune() {
    if (m_closedCount <= m_retainLimit) return;
    size_t excess = m_closedCount - m_retainLimit;
    std::vector<int> victims;
    for (size_t r = 0; r < m_rows.size() && victims.size() < excess; ++r)
      if (!m_rows[r].live) victims.push_back(static_cast<int>(r));
    removeRowList(std::move(victims));
  }

  OnClose m_onClose;
  size_t m_closedCount = 0;
  size_t m_retainLimit = 2000;
  double m_now = 0;
};

}  // namespace nano::app
