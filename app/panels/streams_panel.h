#pragma once
// Streams panel: the stream table (queues against highWaterMark, desiredSize,
// locks, backpressure), the topology graph, and the selected stream's queue
// size over time (peaks kept when down-sampled).
#include <QTimer>
#include <QWidget>

#include <optional>

#include "telemetry/records.h"

class QChart;
class QChartView;
class QLabel;
class QLineEdit;
class QLineSeries;
class QValueAxis;

namespace nano::app {

class LazyRefresh;
class RequestFilterProxy;
class SeriesModel;
class StreamGraphView;
class StreamModel;
class TableView;

class StreamsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit StreamsPanel(StreamModel* model, QWidget* parent = nullptr);

  RequestFilterProxy* proxy() const { return m_proxy; }
  StreamGraphView* graph() const { return m_graph; }
  TableView* view() const { return m_view; }
  void setRequestFilter(std::optional<telemetry::Id> request);
  void selectStream(telemetry::Id id);
  std::optional<telemetry::Id> selectedStream() const { return m_selected; }
  const SeriesModel* history() const { return m_history; }
  // Draws graph and chart now (also done a few times a second while visible).
  void refreshNow();

 private:
  void onSelectionChanged();
  void refreshChart();

  StreamModel* m_model;
  RequestFilterProxy* m_proxy;
  TableView* m_view;
  QLineEdit* m_filter;
  StreamGraphView* m_graph;
  SeriesModel* m_history;
  QChart* m_chart;
  QChartView* m_chartView;
  QLineSeries* m_queueSeries;
  QLineSeries* m_hwmSeries;
  QValueAxis* m_axisX;
  QValueAxis* m_axisY;
  QLabel* m_chartTitle;
  LazyRefresh* m_refresh = nullptr;  // graph and chart redraws
  std::optional<telemetry::Id> m_selected;
};

}  // namespace nano::app
