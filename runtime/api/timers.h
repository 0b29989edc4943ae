#pragma once
#include "ops.h"
namespace nano {
// Timers on uv_timer_t; the JS half (js/05_timers.js) keeps callbacks and ids.
void installTimerOps(OpsBuilder& ops);
}  // namespace nano
