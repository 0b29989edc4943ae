#pragma once
// What nanojs calls for --inspect, --inspect-brk and --inspect-wait (layer 3
// of inspector/README.md). No Qt here: the server is a module
// (libnano_inspector_qt.so) opened only when one of these options is given.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/runtime.h"

namespace nano::inspector {

class Agent;
class Hub;

struct InspectOptions {
  bool enabled = false;
  std::string host = "127.0.0.1";
  int port = 9229;
  bool wait = false;  // --inspect-wait, --inspect-brk: run once a debugger attached
  bool brk = false;   // --inspect-brk: and pause before the first statement
};

// True when arg is --inspect[=[HOST:]PORT], --inspect-brk[=...] or
// --inspect-wait[=...]; records it in options, or sets *error when the value
// is bad.
bool parseInspectOption(std::string_view arg, InspectOptions& options, std::string* error);

// A Runtime that debuggers can attach to: a target of the server while it
// lives. Destroy it on the runtime thread, before the Runtime.
class Debuggee {
 public:
  ~Debuggee();
  Agent& agent() { return *m_agent; }
  // Runtime thread, when the program is done: while a debugger is attached,
  // prints "Waiting for the debugger to disconnect..." and waits for it.
  void finish();

 private:
  friend class Inspector;
  Debuggee(Hub& hub, std::unique_ptr<Agent> agent);
  Hub& m_hub;
  std::unique_ptr<Agent> m_agent;
};

// The process's inspector server, as the runtime threads see it.
class Inspector {
 public:
  Inspector(const InspectOptions& options, Hub& hub, int port)
      : m_options(options), m_hub(hub), m_port(port) {}

  // Runtime thread, right after the Runtime is constructed: makes it a
  // target, prints "Debugger listening on ws://HOST:PORT/ID" and, for
  // --inspect-wait and --inspect-brk, waits for a debugger. Thread-safe:
  // several runtimes (serve's apps) may attach, each from its own thread.
  std::unique_ptr<Debuggee> attach(Runtime& runtime, const std::string& title, const std::string& url = {});

  const InspectOptions& options() const { return m_options; }
  int port() const { return m_port; }

 private:
  const InspectOptions m_options;
  Hub& m_hub;
  const int m_port;
};

// Runs program on a new thread, where it creates its Runtimes, while the
// calling (main) thread serves the debugger. Returns program's result, or 1
// when the server cannot start.
int runWithInspector(const InspectOptions& options, const std::function<int(Inspector&)>& program);

// run: one debuggable Runtime for file, made from runtimeOptions on the
// runtime thread; body runs the program in it, then the debuggee finishes.
// Returns the runtime's exit code.
int runDebuggable(const InspectOptions& options, RuntimeOptions runtimeOptions, const std::string& file,
                  const std::function<void(Runtime&)>& body);

}  // namespace nano::inspector
