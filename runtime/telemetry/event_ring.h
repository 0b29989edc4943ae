#pragma once
// EventRing: the feed's log, a FIFO of events in one circular buffer that
// grows by doubling and never shrinks. Once grown, appending and taking from
// the front allocate and free nothing, so no buffer the publishing (runtime)
// thread allocated is freed by the reader that empties the log (a deque frees
// its blocks wherever they empty, taking the runtime thread's malloc arena
// lock from the GUI thread).
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "records.h"

namespace nano::telemetry {

class EventRing {
 public:
  size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  const EventPtr& operator[](size_t i) const {
    return m_slots[(m_head + i) & (m_slots.size() - 1)];
  }
  const EventPtr& front() const { return (*this)[0]; }

  void pushBack(EventPtr event) {
    if (m_size == m_slots.size()) grow();
    m_slots[(m_head + m_size) & (m_slots.size() - 1)] = std::move(event);
    ++m_size;
  }
  EventPtr popFront() {
    EventPtr event = std::move(m_slots[m_head]);
    m_head = (m_head + 1) & (m_slots.size() - 1);
    --m_size;
    return event;
  }
  // Moves the first count events to the end of out.
  void moveFront(size_t count, std::vector<EventPtr>& out) {
    count = std::min(count, m_size);
    for (size_t i = 0; i < count; ++i) out.push_back(popFront());
  }

 private:
  void grow() {
    std::vector<EventPtr> bigger(std::max<size_t>(64, m_slots.size() * 2));  // a power of two
    for (size_t i = 0; i < m_size; ++i)
      bigger[i] = std::move(m_slots[(m_head + i) & (m_slots.size() - 1)]);
    m_slots.swap(bigger);
    m_head = 0;
  }

  std::vector<EventPtr> m_slots;
  size_t m_head = 0;
  size_t m_size = 0;
};

}  // namespace nano::telemetry
