#pragma once
// NiceAxis: value-axis ranges rounded out to 1-2-5 steps, applied only when
// they change. QValueAxis::applyNiceNumbers() sets the range twice and every
// range change lays out each tick label again (a QTextDocument apiece): a
// chart redrawn twice a second under load spent most of its time there.
#include <QValueAxis>

namespace nano::app {

struct NiceRange {
  double min = 0;
  double max = 1;
  int ticks = 2;     // labelled ticks, ends included
  int decimals = 0;  // digits after the point a label needs for this step
};

// [low, high] rounded out to a step of 1, 2 or 5 times a power of ten, with
// about `ticks` ticks (at least 2). An empty or inverted range is widened to
// one step.
NiceRange niceRange(double low, double high, int ticks);

// Applies niceRange(low, high, ticks) to the axis: range, tick count and
// label format, each only when it differs from what the axis has.
void setNiceRange(QValueAxis* axis, double low, double high, int ticks);

}  // namespace nano::app
