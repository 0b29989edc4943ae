#include "serve_command.h"

#include <cstdio>

namespace nano {

int runServeCommand(const std::vector<std::string>&) {
  std::fprintf(stderr, "nanojs: serve is not available in this build yet\n");
  return 2;
}

}  // namespace nano
