#pragma once
// How raw numbers read in the panels: one place, shared by delegates, charts
// and the status bar.
#include <QColor>
#include <QString>

namespace nano::app {

QString formatBytes(double bytes);    // "512 B", "1.5 KiB", "-12.0 MiB"
QString formatMillis(double ms);      // "0.42 ms", "12.3 ms", "1.52 s"
QString formatCount(double value);    // "12", "1,234", "0.5"
QString formatRatio(double ratio);    // "75%"

// Colours of the fetch phases (waterfall) and of queue fill / backpressure.
QColor phaseColor(int phase);
QColor fillColor(double ratio, bool backpressure);

}  // namespace nano::app
