#pragma once
// The admission policy of the small string caches (RecurringStringCache,
// StringBytesCache): each hit earns a slot's occupant credit, up to kMax; a
// miss spends one, and only an occupant with none left gives way. A string
// that recurs keeps its slot against a neighbour that differs every time.

#include <cstdint>

namespace nano {

class SlotCredit {
 public:
  static constexpr uint8_t kMax = 4;

  void hit() {
    if (m_credit < kMax) ++m_credit;
  }

  // On a miss: whether the newcomer may take the slot.
  bool yieldsToNewcomer() {
    if (m_credit == 0) return true;
    --m_credit;
    return false;
  }

 private:
  uint8_t m_credit = 0;
};

}  // namespace nano
