#pragma once
// StreamModel: one row per ReadableStream / WritableStream / TransformStream
// (telemetry::StreamInfo), with each stream's queue history for the chart.
#include <memory>
#include <unordered_map>

#include "keyed_table_model.h"
#include "model_roles.h"
#include "peak_series.h"

namespace nano::app {

class StreamModel : public KeyedTableModel<telemetry::StreamInfo> {
  Q_OBJECT

 public:
  enum Columns {
    Id, Kind, State, QueueChunks, QueueBytes, HighWaterMark, Fill, DesiredSize, Locked,
    Backpressure, Links, ChunksTotal, BytesTotal, Request, ColumnCount
  };
  enum Roles {
    KindRole = CommonRoleEnd,  // int: telemetry::StreamKind
    BackpressureRole,          // bool
    FillRole,                  // double: queue size / highWaterMark (0 when no limit)
    TeeParentRole,             // qulonglong or invalid
    TeeBranchesRole,           // QVariantList of qulonglong
    PipeToRole,                // qulonglong or invalid
    PipeFromRole,              // qulonglong or invalid
    StateRole,                 // QString
  };
  // Columns of each stream's history: queue size as the strategy counts it, and chunks.
  enum HistoryColumns { HistoryQueueSize, HistoryQueueChunks, HistoryColumnCount };

  explicit StreamModel(QObject* parent = nullptr);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // Queue size over time (ms since the feed started), peaks kept; null for unknown ids.
  const PeakSeries* history(telemetry::Id id) const;
  void setHistoryCap(size_t cap) { m_historyCap = cap; }
  static double fillOf(const telemetry::StreamInfo& s);

 signals:
  // The histories changed in the last batch.
  void historyUpdated();

 protected:
  void observe(const telemetry::Event& event, const telemetry::StreamInfo& record) override;
  void rowRemoved(const Row& row) override;
  void arrivalSkipped(const telemetry::StreamInfo& record, double, double) override { m_history.erase(record.id); }
  void rowsCleared() override;
  void merge(telemetry::StreamInfo& incoming, const telemetry::StreamInfo& previous) override;
  void batchApplied() override;

 private:
  QVariant value(const Row& row, int column, bool raw) const;
  std::unordered_map<telemetry::Id, std::unique_ptr<PeakSeries>> m_history;
  size_t m_historyCap = 300;
  bool m_historyDirty = false;
};

}  // namespace nano::app
