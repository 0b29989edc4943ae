#pragma once
// DebugAttachment: one app's --inspect target (ServeOptions::attachDebugger),
// made before the handler module runs so its scripts are announced. While an
// AppHost is bound, the debugger's pause/resume reaches it (paused time must
// not count against the CPU limit). Declare it after the Runtime and before
// the AppHost; bind() returns a guard that unbinds before ~AppHost.
#include <memory>
#include <string>

#include "serve.h"

namespace nano::serve {

class AppHost;

class DebugAttachment {
 public:
  DebugAttachment(const decltype(ServeOptions::attachDebugger)& attach, Runtime& runtime, const std::string& name,
                  const std::string& handlerPath);
  DebugAttachment(const DebugAttachment&) = delete;
  DebugAttachment& operator=(const DebugAttachment&) = delete;

  class Binding {
   public:
    ~Binding() { m_attachment.m_host = nullptr; }
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    friend class DebugAttachment;
    explicit Binding(DebugAttachment& attachment) : m_attachment(attachment) {}
    DebugAttachment& m_attachment;
  };
  [[nodiscard]] Binding bind(AppHost& host) {
    m_host = &host;
    return Binding(*this);
  }

 private:
  AppHost* m_host = nullptr;
  std::shared_ptr<void> m_debuggee;  // last: it goes first
};

}  // namespace nano::serve
