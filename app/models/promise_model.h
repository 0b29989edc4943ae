#pragma once
// PromiseModel: native promise resolvers still pending (telemetry::PendingPromise).
// A row goes away when its promise settles; pendingByKind() summarises the rest.
#include <QMap>
#include <QString>

#include "keyed_table_model.h"
#include "model_roles.h"

namespace nano::app {

class PromiseModel : public KeyedTableModel<telemetry::PendingPromise> {
  Q_OBJECT

 public:
  enum Columns { Id, OpKind, Request, Created, Age, ColumnCount };
  enum Roles { OpKindRole = CommonRoleEnd };

  explicit PromiseModel(QObject* parent = nullptr);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  const QMap<QString, int>& pendingByKind() const { return m_byKind; }

 protected:
  std::vector<int> timeColumns() const override { return {Age}; }
  void rowUpdated(const Row& row, const telemetry::PendingPromise* previous) override;
  void rowRemoved(const Row& row) override;
  void rowsCleared() override { m_byKind.clear(); }

 private:
  QVariant value(const Row& row, int column) const;
  QMap<QString, int> m_byKind;
};

}  // namespace nano::app
