#include "promise_totals_model.h"

#include <algorithm>

namespace nano::app {

using telemetry::PendingPromise;

PromiseTotalsModel::PromiseTotalsModel(QObject* parent) : QAbstractTableModel(parent) {}

int PromiseTotalsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}
int PromiseTotalsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PromiseTotalsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Totals& t = m_rows[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case Request:
          if (t.request == 0) return role == SortRole ? QVariant(qulonglong(0)) : QVariant(tr("(no request)"));
          return qulonglong(t.request);
        case Created: return qulonglong(t.created);
        case Pending: return qulonglong(t.pending);
        case Fulfilled: return qulonglong(t.fulfilled);
        case Rejected: return qulonglong(t.rejected);
      }
      break;
    case IdRole: return qulonglong(t.request);
    case RequestIdRole: return t.request ? QVariant(qulonglong(t.request)) : QVariant();
    case LiveRole: return t.pending > 0;
    case UnitRole: return int(index.column() == Request ? Unit::Id : Unit::Count);
  }
  return {};
}

QVariant PromiseTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* const kNames[ColumnCount] = {"Req", "Created", "Pending", "Fulfilled", "Rejected"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

PromiseTotalsModel::Totals& PromiseTotalsModel::rowFor(telemetry::Id request, std::vector<Totals>& added,
                                                       std::vector<int>& changed) {
  auto it = m_index.find(request);
  if (it != m_index.end()) {
    if (it->second < static_cast<int>(m_rows.size())) {
      changed.push_back(it->second);
      return m_rows[static_cast<size_t>(it->second)];
    }
    return added[static_cast<size_t>(it->second) - m_rows.size()];
  }
  m_index[request] = static_cast<int>(m_rows.size() + added.size());
  added.push_back(Totals{request});
  return added.back();
}

void PromiseTotalsModel::apply(const std::vector<const telemetry::Event*>& events) {
  std::vector<Totals> added;
  std::vector<int> changed;
  for (const telemetry::Event* e : events) {
    const auto* p = std::get_if<PendingPromise>(&e->record);
    if (!p) continue;
    telemetry::Id request = p->request.value_or(0);
    auto known = m_pending.find(p->id);
    if (e->op != telemetry::Op::Close) {
      if (known != m_pending.end()) continue;  // an update of a pending promise
      Totals& t = rowFor(request, added, changed);
      ++t.created;
      ++t.pending;
      m_pending[p->id] = request;
      continue;
    }
    if (known != m_pending.end()) {
      request = known->second;
      m_pending.erase(known);
      Totals& t = rowFor(request, added, changed);
      if (t.pending) --t.pending;
      (p->outcome == "rejected" ? t.rejected : t.fulfilled)++;
    } else {
      // Opened and settled before we looked (or before a snapshot): still counts.
      Totals& t = rowFor(request, added, changed);
      ++t.created;
      (p->outcome == "rejected" ? t.rejected : t.fulfilled)++;
    }
  }
  if (!changed.empty()) {
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    size_t start = 0;
    for (size_t i = 1; i <= changed.size(); ++i) {
      if (i < changed.size() && changed[i] == changed[i - 1] + 1) continue;
      emit dataChanged(index(changed[start], 0), index(changed[i - 1], ColumnCount - 1));
      start = i;
    }
  }
  if (!added.empty()) {
    int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.begin(), added.end());
    endInsertRows();
  }
  prune();
}

void PromiseTotalsModel::prune() {
  if (m_rows.size() <= m_retainLimit) return;
  size_t excess = m_rows.size() - m_retainLimit;
  // Drop the oldest finished requests; one remove per contiguous run, from the end.
  std::vector<int> victims;
  for (size_t r = 0; r < m_rows.size() && victims.size() < excess; ++r)
    if (m_rows[r].pending == 0 && m_rows[r].request != 0) victims.push_back(static_cast<int>(r));
  size_t end = victims.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && victims[start - 1] == victims[start] - 1) --start;
    beginRemoveRows({}, victims[start], victims[end - 1]);
    m_rows.erase(m_rows.begin() + victims[start], m_rows.begin() + victims[end - 1] + 1);
    endRemoveRows();
    end = start;
  }
  m_index.clear();
  for (size_t r = 0; r < m_rows.size(); ++r) m_index[m_rows[r].request] = static_cast<int>(r);
}

void PromiseTotalsModel::resetTo(const std::vector<const telemetry::Event*>& events) {
  beginResetModel();
  m_rows.clear();
  m_index.clear();
  m_pending.clear();
  endResetModel();
  apply(events);
}

void PromiseTotalsModel::clear() {
  beginResetModel();
  m_rows.clear();
  m_index.clear();
  m_pending.clear();
  endResetModel();
}

const PromiseTotalsModel::Totals* PromiseTotalsModel::totalsFor(telemetry::Id request) const {
  auto it = m_index.find(request);
  return it == m_index.end() ? nullptr : &m_rows[static_cast<size_t>(it->second)];
}

}  // namespace nano::app
