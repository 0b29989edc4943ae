#include "runtime_harness.h"

namespace nano::test {

RuntimeHarness::RuntimeHarness(bool exitOnUncaught) {
  RuntimeOptions options;
  options.exitOnUncaught = exitOnUncaught;
  options.output = [this](OutputStream stream, std::string_view text) {
    (stream == OutputStream::Stdout ? m_out : m_err).append(text);
  };
  m_runtime = std::make_unique<Runtime>(std::move(options));
}

RuntimeHarness::~RuntimeHarness() = default;

bool RuntimeHarness::run(const std::string& code) {
  bool ok = m_runtime->evalScript(code, "test.js");
  if (ok) m_runtime->runLoop();
  return ok && !m_runtime->failed();
}

int RuntimeHarness::liveHandles() {
  int count = 0;
  uv_walk(
      m_runtime->loop(),
      [](uv_handle_t* handle, void* arg) {
        if (uv_is_active(handle) && uv_has_ref(handle)) ++*static_cast<int*>(arg);
      },
      &count);
  return count;
}

}  // namespace nano::test
