#pragma once
// UnitDelegate: turns the raw numbers of any panel model into text by the
// column's UnitRole (bytes, ms, counts, ids), draws Ratio columns as fill bars
// and Flag columns as a mark; numbers are right-aligned.
#include <QStyledItemDelegate>

namespace nano::app {

class UnitDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

}  // namespace nano::app
