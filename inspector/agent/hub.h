#pragma once
// The targets one inspector server offers: one per attached Agent. Agents are
// added and removed on their runtime threads; the server asks on its own
// thread. Sessions are routed to their agent's thread-safe handle.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "agent.h"
#include "server/server_delegate.h"

namespace nano::inspector {

class Hub final : public ServerDelegate {
 public:
  // Any thread.
  void add(std::shared_ptr<AgentHandle> agent);
  void remove(const std::string& targetId);
  // Called on the server's thread after a client attached (e.g. to print
  // "Debugger attached.").
  void setSessionListener(std::function<void(const Target&)> listener);
  // Any thread: every session ends now, on the agents' side (a paused agent
  // goes on); the server's sockets learn it when they close.
  void endAllSessions();

  // ServerDelegate (the server's thread)
  std::vector<Target> targets() override;
  bool startSession(int sessionId, const std::string& targetId, std::shared_ptr<Outbound> outbound) override;
  void messageReceived(int sessionId, std::string message) override;
  void endSession(int sessionId) override;

 private:
  std::shared_ptr<AgentHandle> sessionAgent(int sessionId);

  std::mutex m_mutex;
  std::vector<std::shared_ptr<AgentHandle>> m_agents;  // in the order they attached
  std::map<int, std::shared_ptr<AgentHandle>> m_sessions;
  std::function<void(const Target&)> m_sessionListener;
};

}  // namespace nano::inspector
