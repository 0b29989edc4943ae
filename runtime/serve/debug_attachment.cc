#include "debug_attachment.h"

#include "app_host.h"
#include "core/modules.h"

namespace nano::serve {

DebugAttachment::DebugAttachment(const decltype(ServeOptions::attachDebugger)& attach, Runtime& runtime,
                                 const std::string& name, const std::string& handlerPath) {
  if (!attach) return;
  m_debuggee = attach(runtime, name, ModuleLoader::fileUrl(ModuleLoader::absolutePath(handlerPath)),
                      [this](bool paused) {
                        if (m_host) m_host->setDebuggerPaused(paused);
                      });
}

}  // namespace nano::serve
