// Shared ownership within one thread: std::shared_ptr's interface with plain,
// not atomic, reference counts (libstdc++'s single-threaded lock policy).
// A request's objects (its exchange, the serve host's record of it) are made,
// passed around and dropped on the runtime thread only, where every copy of a
// std::shared_ptr cost a locked add and a locked subtract; a request made
// about twenty.
#pragma once

#include <memory>
#include <utility>

namespace nano {

template <typename T>
using LocalPtr = std::__shared_ptr<T, __gnu_cxx::_S_single>;

// std::allocate_shared for a LocalPtr: the object and its count in one block.
template <typename T, typename Allocator, typename... Args>
LocalPtr<T> allocateLocal(const Allocator& allocator, Args&&... args) {
  return std::__allocate_shared<T, __gnu_cxx::_S_single>(allocator, std::forward<Args>(args)...);
}

}  // namespace nano
