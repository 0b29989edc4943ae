#include "requests_panel.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

#include "chart_style.h"
#include "lazy_refresh.h"
#include "nice_axis.h"
#include "models/request_filter_proxy.h"
#include "models/request_model.h"
#include "models/series_model.h"
#include "models/workspace.h"
#include "table_view.h"

namespace nano::app {

RequestsPanel::RequestsPanel(RequestModel* model, SeriesModel* memory, QWidget* parent)
    : QWidget(parent), m_model(model), m_memory(memory), m_proxy(new RequestFilterProxy(this)),
      m_view(new TableView(this)), m_filter(new QLineEdit(this)), m_chart(new QChart), m_axisX(new QValueAxis),
      m_axisY(new QValueAxis) {
  m_proxy->setSourceModel(model);
  m_view->setModel(m_proxy);
  m_view->fitColumns({44, 54, 150, 50, 66, 62, 76, 90, 84, 56, 64, 100});
  m_view->setFollowTail(true);
  m_filter->setPlaceholderText(tr("Filter method, path…"));
  m_filter->setClearButtonEnabled(true);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &RequestFilterProxy::setTextFilter);
  auto* showAll = new QPushButton(tr("Show all requests"), this);
  showAll->setToolTip(tr("Clear the request selection: the other panels show everything again"));
  connect(showAll, &QPushButton::clicked, this, [this] { selectRequest(std::nullopt); });

  const QColor colors[] = {QColor(0x1e, 0x88, 0xe5), QColor(0x8e, 0x24, 0xaa), QColor(0xf5, 0x9e, 0x0b)};
  for (int i = 0; i < 3; ++i) {
    m_series[i] = new QLineSeries;
    m_series[i]->setName(memory->headerData(SeriesModel::FirstSeries + i, Qt::Horizontal).toString());
    m_series[i]->setColor(colors[i]);
    m_chart->addSeries(m_series[i]);
  }
  m_axisX->setTitleText(tr("s"));
  m_axisX->setLabelFormat(QStringLiteral("%.0f"));
  m_axisY->setLabelFormat(QStringLiteral("%.0f"));
  m_axisY->setTickCount(4);
  m_chart->addAxis(m_axisX, Qt::AlignBottom);
  m_chart->addAxis(m_axisY, Qt::AlignLeft);
  for (QLineSeries* s : m_series) {
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
  }
  m_chart->setTitle(tr("Memory per request (at its end)"));
  styleCompactChart(m_chart, font(), {m_axisX, m_axisY});
  auto* chartView = new QChartView(m_chart, this);
  chartView->setRenderHint(QPainter::Antialiasing);
  chartView->setMinimumHeight(180);

  auto* bar = new QHBoxLayout;
  bar->addWidget(m_filter, 1);
  bar->addWidget(showAll);
  auto* top = new QWidget(this);
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addLayout(bar);
  topLayout->addWidget(m_view, 1);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(chartView);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({190, 200});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split);

  connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
    std::optional<telemetry::Id> id;
    if (current.isValid()) id = current.data(IdRole).toULongLong();
    if (id == m_selected) return;
    m_selected = id;
    emit requestSelected(id);
  });
  m_refresh = new LazyRefresh(this, 500, [this] { refreshChart(); });
  m_refresh->watch(memory);
  refreshChart();
}

void RequestsPanel::selectRequest(std::optional<telemetry::Id> id) {
  if (!id) {
    m_view->selectionModel()->clearCurrentIndex();
    m_view->clearSelection();
    if (m_selected) {
      m_selected.reset();
      emit requestSelected(std::nullopt);
    }
    return;
  }
  int row = m_model->rowOf(*id);
  if (row < 0) return;
  QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
  m_view->setCurrentIndex(index);
  m_view->scrollTo(index);
}

void RequestsPanel::refreshChart() {
  m_refresh->markClean();
  const PeakSeries& series = m_memory->series();
  double low = std::min(0.0, m_memory->minValue());
  double high = std::max(1.0, m_memory->maxValue());
  // One unit for the axis: KiB or MiB, whichever reads better.
  double scale = std::max(std::fabs(low), high) >= 4 * 1024 * 1024 ? 1024.0 * 1024.0 : 1024.0;
  QString unit = scale > 1024 ? tr("MiB") : tr("KiB");
  if (m_axisY->titleText() != unit) m_axisY->setTitleText(unit);
  for (int i = 0; i < 3; ++i) {
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(series.size()));
    for (const auto& s : series.samples()) points.append({s.t / 1000.0, s.values[static_cast<size_t>(i)] / scale});
    m_series[i]->replace(points);
  }
  double first = series.size() ? series.at(0).t / 1000.0 : 0;
  double last = series.size() ? series.samples().back().t / 1000.0 : 1;
  setNiceRange(m_axisX, first, std::max(last, first + 1), 5);
  setNiceRange(m_axisY, low / scale * 1.1, high / scale * 1.1, 4);
}

}  // namespace nano::app
