#pragma once
// RequestModel: one row per request the served handler got (telemetry::RequestRecord),
// with its cost: duration, CPU, memory, fetches and promises.
#include <unordered_map>

#include "keyed_table_model.h"
#include "model_roles.h"

namespace nano::app {

class RequestModel : public KeyedTableModel<telemetry::RequestRecord> {
  Q_OBJECT

 public:
  enum Columns {
    Id, Method, Path, Status, Duration, Cpu, HeapDelta, ArrayBufferBytes, ArenaPeak, Fetches,
    Promises, App, ColumnCount
  };
  enum Roles {
    ApproximateRole = CommonRoleEnd,  // bool: the heap delta includes overlapping requests
    StartRole,                        // double ms since the feed started
    EndRole,                          // double ms, -1 while in flight
  };

  explicit RequestModel(QObject* parent = nullptr);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // Links seen on other records (a fetch or promise naming this request).
  struct Links {
    uint64_t fetches = 0;
    uint64_t promises = 0;
  };
  // One batch's new links per request: announced as coalesced dataChanged ranges.
  void addLinks(const std::unordered_map<telemetry::Id, Links>& links);
  void clearLinks();
  // A closed request the table never got (it had no room for it): its links go.
  void forgetArrival(telemetry::Id id) { forget(id); }

  bool sortKey(int row, int column, double* key) const override;

 protected:
  std::vector<int> timeColumns() const override { return {Duration}; }
  void merge(telemetry::RequestRecord& incoming, const telemetry::RequestRecord& previous) override;
  void rowRemoved(const Row& row) override;
  void arrivalSkipped(const telemetry::RequestRecord& record, double, double) override { forget(record.id); }
  void rowsCleared() override;

 private:
  void forget(telemetry::Id id);
  QVariant value(const Row& row, int column) const;
  std::unordered_map<telemetry::Id, uint64_t> m_linkedFetches;
  std::unordered_map<telemetry::Id, uint64_t> m_linkedPromises;
};

}  // namespace nano::app
