#pragma once
// Promises panel: native promise resolvers still pending (op kind, request,
// age) with a per-kind summary, and promise totals per request.
#include <QWidget>

#include <optional>

#include "telemetry/records.h"

class QAction;
class QHBoxLayout;
class QLabel;

namespace nano::app {

class PromiseModel;
class PromiseTotalsModel;
class RequestFilterProxy;
class TableView;

class PromisesPanel : public QWidget {
  Q_OBJECT

 public:
  PromisesPanel(PromiseModel* pending, PromiseTotalsModel* totals, QWidget* parent = nullptr);

  RequestFilterProxy* pendingProxy() const { return m_pendingProxy; }
  RequestFilterProxy* totalsProxy() const { return m_totalsProxy; }
  void setRequestFilter(std::optional<telemetry::Id> request);
  // The "Count every promise" switch, shown above the per-request totals.
  void setCountAction(QAction* action);

 private:
  void updateSummary();

  PromiseModel* m_pending;
  RequestFilterProxy* m_pendingProxy;
  RequestFilterProxy* m_totalsProxy;
  QLabel* m_summary;
  QHBoxLayout* m_totalsHeader;
};

}  // namespace nano::app
