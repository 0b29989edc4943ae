#include "waterfall_delegate.h"

#include <QApplication>
#include <QPainter>

#include "format.h"
#include "models/fetch_model.h"

namespace nano::app {

void WaterfallDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QStyleOptionViewItem opt(option);
  initStyleOption(&opt, index);
  opt.text.clear();
  QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
  style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

  QPointF range = m_range ? *m_range
                          : index.model()->headerData(FetchModel::Waterfall, Qt::Horizontal, FetchModel::TimeRangeRole).toPointF();
  double span = range.y() - range.x();
  if (span <= 0) span = 1;
  QVariantList starts = index.data(FetchModel::PhaseStartsRole).toList();
  double end = index.data(FetchModel::EndRole).toDouble();
  if (end < 0) end = range.y();  // in flight: up to now
  QRectF area = QRectF(option.rect).adjusted(3, 3, -3, -3);
  auto x = [&](double t) { return area.left() + (t - range.x()) / span * area.width(); };

  painter->save();
  painter->setRenderHint(QPainter::Antialiasing, false);
  int phases = static_cast<int>(starts.size());
  int terminal = static_cast<int>(telemetry::FetchPhase::Done);
  for (int p = 0; p < phases && p < terminal; ++p) {
    double from = starts[p].toDouble();
    if (from < 0) continue;
    double to = end;
    for (int q = p + 1; q < phases; ++q) {
      double next = starts[q].toDouble();
      if (next >= 0) {
        to = next;
        break;
      }
    }
    if (to < range.x() || from > range.y()) continue;
    QRectF segment(QPointF(std::max(x(from), area.left()), area.top()),
                   QPointF(std::clamp(x(to), x(from) + 1, area.right()), area.bottom()));
    // Time spent queued reads as the thin part, as in DevTools.
    if (p == static_cast<int>(telemetry::FetchPhase::Queued)) segment.adjust(0, 2, 0, -2);
    painter->fillRect(segment, phaseColor(p));
  }
  int phase = index.data(FetchModel::PhaseRole).toInt();
  if (phase == static_cast<int>(telemetry::FetchPhase::Failed) || phase == static_cast<int>(telemetry::FetchPhase::Aborted)) {
    double at = starts.value(phase).toDouble();
    if (at >= 0) {
      painter->setPen(QPen(phaseColor(phase), 2));
      painter->drawLine(QPointF(x(at), area.top() - 2), QPointF(x(at), area.bottom() + 2));
    }
  }
  painter->restore();
}

QSize WaterfallDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QSize size = QStyledItemDelegate::sizeHint(option, index);
  return {std::max(size.width(), 240), size.height()};
}

}  // namespace nano::app
