#pragma once
// Roles every panel model answers, so one proxy (request filter, sorting) and
// one delegate (units) work on all of them. Models keep raw numbers; how a
// number reads (bytes, milliseconds, a fill ratio) is the delegate's business.
#include <Qt>

namespace nano::app {

enum CommonRoles {
  IdRole = Qt::UserRole + 1,  // telemetry id (qulonglong)
  RequestIdRole,              // owning request id (qulonglong), invalid when none
  SortRole,                   // raw value to sort by (numbers stay numbers)
  UnitRole,                   // Unit of the column, for the delegate
  LiveRole,                   // bool: the object is still open
  CommonRoleEnd = Qt::UserRole + 32
};

enum class Unit { Text, Count, Bytes, Millis, Ratio, Flag, Id };

}  // namespace nano::app
