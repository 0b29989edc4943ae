#pragma once
// A Runtime whose console output is captured, for unit tests.
#include <QString>

#include <memory>
#include <string>

#include "core/runtime.h"

namespace nano::test {

class RuntimeHarness {
 public:
  explicit RuntimeHarness(bool exitOnUncaught = true);
  ~RuntimeHarness();

  Runtime& runtime() { return *m_runtime; }
  // Evaluates a classic script, then runs the loop until no work is left.
  bool run(const std::string& code);
  // Handles still open and referenced on the loop (leaks, once a run is over).
  int liveHandles();

  const std::string& out() const { return m_out; }
  const std::string& err() const { return m_err; }
  QString outText() const { return QString::fromStdString(m_out); }
  QString errText() const { return QString::fromStdString(m_err); }

 private:
  std::string m_out;
  std::string m_err;
  std::unique_ptr<Runtime> m_runtime;
};

}  // namespace nano::test
