#include "streams_panel.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QSplitter>
#include <QValueAxis>
#include <QVBoxLayout>

#include "chart_style.h"
#include "lazy_refresh.h"
#include "nice_axis.h"
#include "models/request_filter_proxy.h"
#include "models/series_model.h"
#include "models/stream_model.h"
#include "stream_graph_view.h"
#include "table_view.h"

namespace nano::app {

StreamsPanel::StreamsPanel(StreamModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new RequestFilterProxy(this)), m_view(new TableView(this)),
      m_filter(new QLineEdit(this)), m_graph(new StreamGraphView(this)),
      m_history(new SeriesModel({tr("queue size"), tr("chunks")}, 300, this)), m_chart(new QChart),
      m_chartView(new QChartView(m_chart, this)), m_queueSeries(new QLineSeries), m_hwmSeries(new QLineSeries),
      m_axisX(new QValueAxis), m_axisY(new QValueAxis), m_chartTitle(new QLabel(this)) {
  m_proxy->setSourceModel(model);
  m_view->setModel(m_proxy);
  m_view->sortByColumn(StreamModel::Id, Qt::DescendingOrder);  // newest first
  m_view->fitColumns({44, 70, 68, 56, 60, 52, 84, 60, 52, 90, 150, 84, 76, 44});
  m_filter->setPlaceholderText(tr("Filter kind, state…"));
  m_filter->setClearButtonEnabled(true);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &RequestFilterProxy::setTextFilter);
  auto* liveOnly = new QCheckBox(tr("Open streams only"), this);
  liveOnly->setToolTip(tr("Hide closed and errored streams (the graph still shows recent ones, faded)"));
  connect(liveOnly, &QCheckBox::toggled, m_proxy, &RequestFilterProxy::setLiveOnly);
  liveOnly->setChecked(true);
  m_graph->setModel(model);

  m_queueSeries->setName(tr("queue size (peak per sample)"));
  m_hwmSeries->setName(tr("highWaterMark"));
  QPen hwmPen(QColor(0xe5, 0x39, 0x35));
  hwmPen.setStyle(Qt::DashLine);
  m_hwmSeries->setPen(hwmPen);
  m_chart->addSeries(m_queueSeries);
  m_chart->addSeries(m_hwmSeries);
  m_axisX->setTitleText(tr("s"));
  m_axisX->setLabelFormat(QStringLiteral("%.1f"));
  m_axisY->setLabelFormat(QStringLiteral("%.0f"));
  m_chart->addAxis(m_axisX, Qt::AlignBottom);
  m_chart->addAxis(m_axisY, Qt::AlignLeft);
  for (QLineSeries* s : {m_queueSeries, m_hwmSeries}) {
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
  }
  styleCompactChart(m_chart, font(), {m_axisX, m_axisY});
  m_chartView->setRenderHint(QPainter::Antialiasing);
  m_chartView->setMinimumHeight(160);

  auto* top = new QWidget(this);
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QHBoxLayout;
  bar->addWidget(m_filter, 1);
  bar->addWidget(liveOnly);
  topLayout->addLayout(bar);
  topLayout->addWidget(m_view, 1);
  auto* chartBox = new QWidget(this);
  auto* chartLayout = new QVBoxLayout(chartBox);
  chartLayout->setContentsMargins(0, 0, 0, 0);
  chartLayout->addWidget(m_chartTitle);
  chartLayout->addWidget(m_chartView, 1);
  // Table, graph and chart stacked: the graph needs the width for its columns.
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(m_graph);
  split->addWidget(chartBox);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  split->setStretchFactor(2, 2);
  split->setSizes({220, 330, 250});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split);

  connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &StreamsPanel::onSelectionChanged);
  connect(m_graph, &StreamGraphView::streamClicked, this, [this](qulonglong id) { selectStream(id); });
  // Redraw graph and chart a few times a second, and only when visible and changed:
  // a hidden panel asks for nothing.
  m_refresh = new LazyRefresh(this, 250, [this] { refreshNow(); });
  m_refresh->watch(model);
  connect(model, &StreamModel::historyUpdated, m_refresh, &LazyRefresh::markDirty);
  refreshChart();
}

void StreamsPanel::setRequestFilter(std::optional<telemetry::Id> request) {
  m_proxy->setRequestFilter(request);
  m_graph->setRequestFilter(request);
}

void StreamsPanel::selectStream(telemetry::Id id) {
  int row = m_model->rowOf(id);
  if (row < 0) return;
  QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
  if (index.isValid()) {
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
  } else {
    m_selected = id;
    m_graph->setSelectedStream(id);
    refreshChart();
  }
}

void StreamsPanel::onSelectionChanged() {
  QModelIndex current = m_view->currentIndex();
  m_selected = current.isValid() ? std::optional<telemetry::Id>(current.data(IdRole).toULongLong()) : std::nullopt;
  m_graph->setSelectedStream(m_selected);
  refreshChart();
}

void StreamsPanel::refreshNow() {
  m_refresh->markClean();
  m_graph->refresh();
  refreshChart();
}

void StreamsPanel::refreshChart() {
  // Nothing selected: chart the oldest open stream that has a queue (the longest history).
  std::optional<telemetry::Id> shown = m_selected;
  for (int r = 0; !shown && r < m_model->rowCount(); ++r) {
    const auto& row = m_model->rowAt(r);
    if (row.live && row.record.queueBytes > 0) shown = row.record.id;
  }
  const PeakSeries* history = shown ? m_model->history(*shown) : nullptr;
  const telemetry::StreamInfo* info = shown ? m_model->find(*shown) : nullptr;
  if (!history || !info) {
    m_history->clear();
    m_queueSeries->clear();
    m_hwmSeries->clear();
    setNiceRange(m_axisX, 0, 1, 5);
    setNiceRange(m_axisY, 0, 10, 5);
    m_chartTitle->setText(m_selected ? tr("Stream #%1: no history").arg(*m_selected)
                                     : tr("Select a stream to chart its queue"));
    return;
  }
  m_history->setSeries(*history);
  m_chartTitle->setText(tr("%1 #%2 (%3): queue size over time, peak %4")
                            .arg(m_selected ? tr("Stream") : tr("Oldest open queue:"))
                            .arg(*shown)
                            .arg(QString::fromLatin1(telemetry::toString(info->streamKind)))
                            .arg(history->peak(StreamModel::HistoryQueueSize)));
  QList<QPointF> points;
  points.reserve(static_cast<qsizetype>(history->size()));
  for (const auto& s : history->samples()) points.append({s.t / 1000.0, s.values[StreamModel::HistoryQueueSize]});
  double first = history->size() ? history->at(0).t / 1000.0 : 0;
  double last = history->size() ? history->samples().back().t / 1000.0 : 0;
  // An open stream's queue holds its last value until now.
  int row = m_model->rowOf(*shown);
  if (row >= 0 && m_model->rowAt(row).live && m_model->now() / 1000.0 > last) {
    last = m_model->now() / 1000.0;
    points.append({last, info->queueBytes});
  }
  if (last - first < 1) last = first + 1;
  m_queueSeries->replace(points);
  m_hwmSeries->replace(QList<QPointF>{{first, info->highWaterMark}, {last, info->highWaterMark}});
  setNiceRange(m_axisX, first, last, 5);
  double top = std::max({history->peak(StreamModel::HistoryQueueSize), info->highWaterMark, 1.0});
  setNiceRange(m_axisY, 0, top * 1.1, 5);
}

}  // namespace nano::app
