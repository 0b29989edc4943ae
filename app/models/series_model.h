#pragma once
// SeriesModel: a chart as a table (rows = samples, column 0 = time in seconds,
// one column per series), capped through PeakSeries so spikes survive
// down-sampling. Charts read it through QVXYModelMapper.
#include <QAbstractTableModel>
#include <QStringList>

#include "model_roles.h"
#include "peak_series.h"

namespace nano::app {

class SeriesModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Columns { Time, FirstSeries };

  SeriesModel(QStringList seriesNames, size_t cap = 300, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // t in ms since the feed started; values one per series.
  void append(double t, const std::vector<double>& values);
  struct Point {
    double t;
    std::vector<double> values;
  };
  // Many samples at once (one poll's worth): one change announced, not one per sample.
  void appendMany(const std::vector<Point>& points);
  // Replaces every sample (e.g. the history of another stream).
  void setSeries(const PeakSeries& series);
  void clear();

  const PeakSeries& series() const { return m_series; }
  // Smallest and largest value over all series (for the chart's axis).
  double minValue() const;
  double maxValue() const;

 private:
  QStringList m_names;
  PeakSeries m_series;
};

}  // namespace nano::app
