#include "nice_axis.h"

#include <algorithm>
#include <cmath>

namespace nano::app {

namespace {

// The 1-2-5 number nearest to x (round) or at least x (ceiling), as in
// Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
double niceNumber(double x, bool ceiling) {
  double power = std::pow(10.0, std::floor(std::log10(x)));
  double fraction = x / power;
  double nice = 10;
  if (ceiling)
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  else
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * power;
}

}  // namespace

NiceRange niceRange(double low, double high, int ticks) {
  ticks = std::max(ticks, 2);
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0, high = 1;
  if (high < low) std::swap(low, high);
  double span = high - low;
  if (span <= 0) span = std::max(std::fabs(low), 1.0);
  double step = niceNumber(niceNumber(span, true) / (ticks - 1), false);
  NiceRange range;
  range.min = std::floor(low / step) * step;
  range.max = std::ceil(high / step) * step;
  if (range.max <= range.min) range.max = range.min + step;
  range.ticks = static_cast<int>(std::lround((range.max - range.min) / step)) + 1;
  range.decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return range;
}

void setNiceRange(QValueAxis* axis, double low, double high, int ticks) {
  NiceRange range = niceRange(low, high, ticks);
  if (axis->min() != range.min || axis->max() != range.max) axis->setRange(range.min, range.max);
  if (axis->tickCount() != range.ticks) axis->setTickCount(range.ticks);
  QString format = QStringLiteral("%.%1f").arg(range.decimals);
  if (axis->labelFormat() != format) axis->setLabelFormat(format);
}

}  // namespace nano::app
