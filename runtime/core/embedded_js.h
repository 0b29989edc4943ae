#pragma once
// The files of runtime/js, embedded at build time (cmake/EmbedJs.cmake), in load order.
#include <cstddef>
#include <span>

namespace nano {

struct EmbeddedJs {
  const char* name;
  const char* source;
  size_t size;
};

std::span<const EmbeddedJs> embeddedJs();

}  // namespace nano
