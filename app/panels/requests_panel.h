#pragma once
// Requests panel: each request the handler served with its cost (duration, CPU,
// arena peak, ArrayBuffer bytes, heap delta, fetches, promises) and a chart of
// memory per request over time. Selecting a request filters the other panels.
#include <QTimer>
#include <QWidget>

#include <optional>

#include "telemetry/records.h"

class QChart;
class QLabel;
class QLineEdit;
class QLineSeries;
class QValueAxis;

namespace nano::app {

class LazyRefresh;
class RequestFilterProxy;
class RequestModel;
class SeriesModel;
class TableView;

class RequestsPanel : public QWidget {
  Q_OBJECT

 public:
  RequestsPanel(RequestModel* model, SeriesModel* memory, QWidget* parent = nullptr);

  RequestFilterProxy* proxy() const { return m_proxy; }
  TableView* view() const { return m_view; }
  std::optional<telemetry::Id> selectedRequest() const { return m_selected; }
  void selectRequest(std::optional<telemetry::Id> id);
  void refreshChart();

 signals:
  // The request the other panels should narrow to (nullopt: show all).
  void requestSelected(std::optional<nano::telemetry::Id> id);

 private:
  RequestModel* m_model;
  SeriesModel* m_memory;
  RequestFilterProxy* m_proxy;
  TableView* m_view;
  QLineEdit* m_filter;
  QChart* m_chart;
  QLineSeries* m_series[3];
  QValueAxis* m_axisX;
  QValueAxis* m_axisY;
  LazyRefresh* m_refresh = nullptr;  // graph and chart redraws
  std::optional<telemetry::Id> m_selected;
};

}  // namespace nano::app
