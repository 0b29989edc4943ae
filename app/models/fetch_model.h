#pragma once
// FetchModel: one row per fetch() operation (telemetry::FetchOp), kept after it
// finished so the panel reads like DevTools' Network list.
#include <QPointF>

#include "keyed_table_model.h"
#include "model_roles.h"

namespace nano::app {

class FetchModel : public KeyedTableModel<telemetry::FetchOp> {
  Q_OBJECT

 public:
  // The waterfall sits early: it is what the panel is read for.
  enum Columns { Id, Method, Url, Status, Phase, Duration, Waterfall, BytesReceived, BytesSent, Request, ColumnCount };
  enum Roles {
    PhaseRole = CommonRoleEnd,  // int: telemetry::FetchPhase
    PhaseStartsRole,            // QVariantList of kFetchPhaseCount doubles (ms, -1 = not reached)
    StartRole,                  // double: ms since the feed started
    EndRole,                    // double: ms when it finished, -1 while in flight
    ErrorRole,                  // QString
    TimeRangeRole,              // headerData(Waterfall): QPointF(first start, last end or now)
  };

  explicit FetchModel(QObject* parent = nullptr);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static double startOf(const telemetry::FetchOp& op, double fallback);
  // When the operation finished (done, failed or aborted), -1 while in flight.
  static double endOf(const telemetry::FetchOp& op);
  QPointF timeRange() const { return m_range; }

 protected:
  std::vector<int> timeColumns() const override { return {Duration, Waterfall}; }
  void batchApplied() override;
  void nowChanged() override {
    if (liveCount() > 0) batchApplied();
  }

 private:
  QVariant value(const Row& row, int column, bool raw) const;
  QPointF m_range{0, 0};
};

}  // namespace nano::app
