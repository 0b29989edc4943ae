#include "fetches_panel.h"

#include <QSaveFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "delegates/format.h"
#include "delegates/waterfall_delegate.h"
#include "models/fetch_model.h"
#include "models/har_export.h"
#include "models/request_filter_proxy.h"
#include "table_view.h"

namespace nano::app {

FetchesPanel::FetchesPanel(FetchModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new RequestFilterProxy(this)), m_view(new TableView(this)),
      m_filter(new QLineEdit(this)), m_summary(new QLabel(this)), m_waterfall(new WaterfallDelegate(this)) {
  m_proxy->setSourceModel(model);
  m_view->setModel(m_proxy);
  m_view->setItemDelegateForColumn(FetchModel::Waterfall, m_waterfall);
  m_view->fitColumns({44, 54, 210, 50, 70, 66, 200, 76, 64, 44});
  m_view->setFollowTail(true);

  m_filter->setPlaceholderText(tr("Filter URL, method, phase…"));
  m_filter->setClearButtonEnabled(true);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &RequestFilterProxy::setTextFilter);
  auto* exportButton = new QPushButton(tr("Export HAR…"), this);
  connect(exportButton, &QPushButton::clicked, this, &FetchesPanel::exportRequested);

  auto* bar = new QHBoxLayout;
  bar->addWidget(m_filter, 1);
  bar->addWidget(m_summary);
  bar->addWidget(exportButton);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(m_view, 1);

  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(m_proxy, signal, this, &FetchesPanel::updateSummary);
  connect(m_proxy, &QAbstractItemModel::modelReset, this, &FetchesPanel::updateSummary);
  updateSummary();
  m_rangeTimer.setInterval(200);
  connect(&m_rangeTimer, &QTimer::timeout, this, [this] {
    if (isVisible()) updateWaterfallRange();
  });
  m_rangeTimer.start();
}

void FetchesPanel::updateWaterfallRange() {
  QModelIndex top = m_view->indexAt(QPoint(0, 0));
  int first = top.isValid() ? top.row() : 0;
  QModelIndex bottom = m_view->indexAt(QPoint(0, m_view->viewport()->height() - 1));
  int last = bottom.isValid() ? bottom.row() : m_proxy->rowCount() - 1;
  double start = -1;
  double end = -1;
  for (int r = first; r <= last && r < m_proxy->rowCount(); ++r) {
    QModelIndex index = m_proxy->index(r, FetchModel::Waterfall);
    double s = index.data(FetchModel::StartRole).toDouble();
    double e = index.data(FetchModel::EndRole).toDouble();
    if (e < 0) e = m_model->now();
    if (start < 0 || s < start) start = s;
    end = std::max(end, e);
  }
  std::optional<QPointF> range;
  if (start >= 0) range = QPointF(start, std::max(end, start + 1));
  if (range != m_waterfall->range()) {
    m_waterfall->setRange(range);
    m_view->viewport()->update();
    m_view->setToolTip(range ? tr("Waterfall axis: %1 across the rows in view").arg(formatMillis(range->y() - range->x()))
                             : QString());
  }
}

void FetchesPanel::updateSummary() {
  m_summary->setText(tr("%1 shown · %2 in flight").arg(m_proxy->rowCount()).arg(m_model->liveCount()));
}

bool FetchesPanel::exportHar(const QString& path, const HarOptions& options, QString* error) const {
  std::vector<const telemetry::FetchOp*> fetches;
  for (int r = 0; r < m_proxy->rowCount(); ++r) {
    int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
    fetches.push_back(&m_model->rowAt(source).record);
  }
  // HAR lists entries in start order, whatever the view's sorting.
  std::stable_sort(fetches.begin(), fetches.end(), [](const auto* a, const auto* b) {
    return FetchModel::startOf(*a, 0) < FetchModel::startOf(*b, 0);
  });
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = file.errorString();
    return false;
  }
  file.write(toHar(fetches, options).toJson(QJsonDocument::Indented));
  if (!file.commit()) {
    if (error) *error = file.errorString();
    return false;
  }
  return true;
}

}  // namespace nano::app
