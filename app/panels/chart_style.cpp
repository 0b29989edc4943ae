#include "chart_style.h"

namespace nano::app {

void styleCompactChart(QChart* chart, QFont font, std::initializer_list<QValueAxis*> axes) {
  chart->legend()->setAlignment(Qt::AlignBottom);
  font.setPointSizeF(font.pointSizeF() * 0.85);
  for (QValueAxis* axis : axes) {
    axis->setLabelsFont(font);
    axis->setTitleFont(font);
  }
  chart->legend()->setFont(font);
  chart->setMargins(QMargins(4, 4, 4, 4));
}

}  // namespace nano::app
