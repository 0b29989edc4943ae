#include "series_model.h"

#include <algorithm>
#include <limits>

namespace nano::app {

SeriesModel::SeriesModel(QStringList seriesNames, size_t cap, QObject* parent)
    : QAbstractTableModel(parent), m_names(std::move(seriesNames)),
      m_series(static_cast<size_t>(std::max<qsizetype>(m_names.size(), 1)), cap) {}

int SeriesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_series.size());
}

int SeriesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : FirstSeries + static_cast<int>(m_series.columns());
}

QVariant SeriesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  if (role != Qt::DisplayRole && role != SortRole && role != Qt::EditRole) return {};
  const PeakSeries::Sample& s = m_series.at(static_cast<size_t>(index.row()));
  if (index.column() == Time) return s.t / 1000.0;
  return s.values[static_cast<size_t>(index.column() - FirstSeries)];
}

QVariant SeriesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  if (section == Time) return tr("Time (s)");
  int i = section - FirstSeries;
  return i >= 0 && i < m_names.size() ? QVariant(m_names[i]) : QVariant();
}

void SeriesModel::append(double t, const std::vector<double>& values) {
  if (m_series.foldsInto(t)) {
    m_series.append(t, values);
    int row = static_cast<int>(m_series.size()) - 1;
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
  } else if (m_series.compactsNext()) {
    // Samples merge: every row moves.
    beginResetModel();
    m_series.append(t, values);
    endResetModel();
  } else {
    int row = static_cast<int>(m_series.size());
    beginInsertRows({}, row, row);
    m_series.append(t, values);
    endInsertRows();
  }
}

void SeriesModel::appendMany(const std::vector<Point>& points) {
  if (points.empty()) return;
  if (points.size() == 1) {
    append(points.front().t, points.front().values);
    return;
  }
  beginResetModel();
  for (const Point& p : points) m_series.append(p.t, p.values);
  endResetModel();
}

void SeriesModel::setSeries(const PeakSeries& series) {
  beginResetModel();
  m_series = series;
  endResetModel();
}

void SeriesModel::clear() {
  beginResetModel();
  m_series.clear();
  endResetModel();
}

double SeriesModel::minValue() const {
  double low = std::numeric_limits<double>::max();
  for (const auto& s : m_series.samples())
    for (double v : s.values) low = std::min(low, v);
  return m_series.size() ? low : 0;
}

double SeriesModel::maxValue() const {
  double high = std::numeric_limits<double>::lowest();
  for (const auto& s : m_series.samples())
    for (double v : s.values) high = std::max(high, v);
  return m_series.size() ? high : 0;
}

}  // namespace nano::app
