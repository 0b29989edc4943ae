#pragma once
// PromiseTotalsModel: promises per request (created, pending, fulfilled,
// rejected), counted from the same events as PromiseModel. Row 0 collects
// promises created outside any request.
#include <QAbstractTableModel>

#include <unordered_map>
#include <vector>

#include "model_roles.h"
#include "telemetry/records.h"

namespace nano::app {

class PromiseTotalsModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Columns { Request, Created, Pending, Fulfilled, Rejected, ColumnCount };

  explicit PromiseTotalsModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  void apply(const std::vector<const telemetry::Event*>& events);
  // After a snapshot: the pending promises are all that is known.
  void resetTo(const std::vector<const telemetry::Event*>& events);
  void clear();
  // Requests kept (oldest without pending promises go first).
  void setRetainLimit(size_t rows) { m_retainLimit = rows; }

  struct Totals {
    telemetry::Id request = 0;
    uint64_t created = 0;
    uint64_t pending = 0;
    uint64_t fulfilled = 0;
    uint64_t rejected = 0;
  };
  const Totals* totalsFor(telemetry::Id request) const;

 private:
  Totals& rowFor(telemetry::Id request, std::vector<Totals>& added, std::vector<int>& changed);
  void prune();

  std::vector<Totals> m_rows;
  std::unordered_map<telemetry::Id, int> m_index;       // request -> row
  std::unordered_map<telemetry::Id, telemetry::Id> m_pending;  // promise -> request
  size_t m_retainLimit = 2000;
};

}  // namespace nano::app
