#pragma once
// The look the panels' small charts share: legend below, a smaller font for
// axes and legend, thin margins.
#include <QChart>
#include <QFont>
#include <QValueAxis>

#include <initializer_list>

namespace nano::app {

void styleCompactChart(QChart* chart, QFont font, std::initializer_list<QValueAxis*> axes);

}  // namespace nano::app
