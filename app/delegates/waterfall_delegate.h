#pragma once
// WaterfallDelegate: a fetch's phases as coloured segments on the time axis
// shared by all rows (the model's TimeRangeRole header), like the waterfall
// column of DevTools' Network panel.
#include <QPointF>
#include <QStyledItemDelegate>

#include <optional>

namespace nano::app {

class WaterfallDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  // The time axis (feed ms) the bars are drawn on; unset: the model's whole range.
  // The Fetches panel sets it to the rows in view, so recent fetches are not
  // squeezed into a few pixels by a long history.
  void setRange(std::optional<QPointF> range) { m_range = range; }
  std::optional<QPointF> range() const { return m_range; }

 private:
  std::optional<QPointF> m_range;
};

}  // namespace nano::app
