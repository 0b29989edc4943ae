#include "promises_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/promise_model.h"
#include "models/promise_totals_model.h"
#include "models/request_filter_proxy.h"
#include "table_view.h"

namespace nano::app {

PromisesPanel::PromisesPanel(PromiseModel* pending, PromiseTotalsModel* totals, QWidget* parent)
    : QWidget(parent), m_pending(pending), m_pendingProxy(new RequestFilterProxy(this)),
      m_totalsProxy(new RequestFilterProxy(this)), m_summary(new QLabel(this)), m_totalsHeader(new QHBoxLayout) {
  m_pendingProxy->setSourceModel(pending);
  m_totalsProxy->setSourceModel(totals);
  auto* pendingView = new TableView(this);
  pendingView->setModel(m_pendingProxy);
  pendingView->fitColumns({56, 140, 56, 90, 80});
  pendingView->sortByColumn(PromiseModel::Age, Qt::DescendingOrder);  // the oldest first: likely stuck
  auto* totalsView = new TableView(this);
  totalsView->setModel(m_totalsProxy);
  totalsView->fitColumns({90, 70, 70, 70, 70});
  totalsView->sortByColumn(PromiseTotalsModel::Request, Qt::DescendingOrder);

  auto* pendingBox = new QWidget(this);
  auto* pendingLayout = new QVBoxLayout(pendingBox);
  pendingLayout->setContentsMargins(0, 0, 0, 0);
  pendingLayout->addWidget(m_summary);
  pendingLayout->addWidget(pendingView, 1);
  auto* totalsBox = new QWidget(this);
  auto* totalsLayout = new QVBoxLayout(totalsBox);
  totalsLayout->setContentsMargins(0, 0, 0, 0);
  m_totalsHeader->addWidget(new QLabel(tr("Per request"), this), 1);
  totalsLayout->addLayout(m_totalsHeader);
  totalsLayout->addWidget(totalsView, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(pendingBox);
  split->addWidget(totalsBox);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split);

  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(pending, signal, this, &PromisesPanel::updateSummary);
  connect(pending, &QAbstractItemModel::modelReset, this, &PromisesPanel::updateSummary);
  updateSummary();
}

// A check box, not a tool button: its state must read at a glance.
void PromisesPanel::setCountAction(QAction* action) {
  auto* box = new QCheckBox(action->iconText(), this);
  box->setToolTip(action->toolTip());
  box->setChecked(action->isChecked());
  connect(box, &QCheckBox::toggled, action, &QAction::setChecked);
  connect(action, &QAction::toggled, box, &QCheckBox::setChecked);
  m_totalsHeader->addWidget(box);
}

void PromisesPanel::setRequestFilter(std::optional<telemetry::Id> request) {
  m_pendingProxy->setRequestFilter(request);
  m_totalsProxy->setRequestFilter(request);
}

void PromisesPanel::updateSummary() {
  QStringList parts;
  const auto& byKind = m_pending->pendingByKind();
  for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
  m_summary->setText(tr("Pending: %1").arg(parts.isEmpty() ? tr("none") : parts.join(QStringLiteral(" · "))));
}

}  // namespace nano::app
