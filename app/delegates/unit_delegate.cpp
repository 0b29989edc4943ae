#include "unit_delegate.h"

#include <QPainter>

#include "format.h"
#include "models/model_roles.h"
#include "models/stream_model.h"

namespace nano::app {

void UnitDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const {
  QStyledItemDelegate::initStyleOption(option, index);
  QVariant value = index.data(Qt::DisplayRole);
  auto unit = static_cast<Unit>(index.data(UnitRole).toInt());
  if (!value.isValid()) {
    option->text.clear();
    return;
  }
  switch (unit) {
    case Unit::Text: break;
    case Unit::Id:
      option->text = QStringLiteral("#") + value.toString();
      option->displayAlignment = Qt::AlignRight | Qt::AlignVCenter;
      break;
    case Unit::Count:
      option->text = formatCount(value.toDouble());
      option->displayAlignment = Qt::AlignRight | Qt::AlignVCenter;
      break;
    case Unit::Bytes:
      option->text = formatBytes(value.toDouble());
      option->displayAlignment = Qt::AlignRight | Qt::AlignVCenter;
      break;
    case Unit::Millis:
      option->text = formatMillis(value.toDouble());
      option->displayAlignment = Qt::AlignRight | Qt::AlignVCenter;
      break;
    case Unit::Ratio:
      option->text = formatRatio(value.toDouble());
      option->displayAlignment = Qt::AlignCenter;
      break;
    case Unit::Flag:
      option->text = value.toBool() ? QStringLiteral("●") : QString();
      option->displayAlignment = Qt::AlignCenter;
      break;
  }
  // Finished rows read quieter than live ones.
  QVariant live = index.data(LiveRole);
  if (live.isValid() && !live.toBool())
    option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
}

void UnitDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  auto unit = static_cast<Unit>(index.data(UnitRole).toInt());
  if (unit == Unit::Ratio) {
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyledItemDelegate::paint(painter, opt, index);  // background, selection
    double ratio = index.data(Qt::DisplayRole).toDouble();
    bool backpressure = index.data(StreamModel::BackpressureRole).toBool();
    QRect bar = option.rect.adjusted(3, 4, -3, -4);
    painter->save();
    painter->setPen(option.palette.color(QPalette::Mid));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(bar.adjusted(0, 0, -1, -1));
    QRect filled = bar.adjusted(1, 1, -1, -1);
    filled.setWidth(static_cast<int>(filled.width() * std::clamp(ratio, 0.0, 1.0)));
    painter->fillRect(filled, fillColor(ratio, backpressure));
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(bar, Qt::AlignCenter, formatRatio(ratio));
    painter->restore();
    return;
  }
  if (unit == Unit::Flag && index.data(Qt::DisplayRole).toBool() && index.data(StreamModel::BackpressureRole).isValid() &&
      index.column() == StreamModel::Backpressure) {
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    opt.palette.setColor(QPalette::Text, fillColor(1, true));
    QStyledItemDelegate::paint(painter, opt, index);
    return;
  }
  QStyledItemDelegate::paint(painter, option, index);
}

}  // namespace nano::app
