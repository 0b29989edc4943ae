#include "hub.h"

#include <algorithm>

namespace nano::inspector {

void Hub::add(std::shared_ptr<AgentHandle> agent) {
  std::lock_guard lock(m_mutex);
  m_agents.push_back(std::move(agent));
}

void Hub::remove(const std::string& targetId) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_agents, [&](const auto& agent) { return agent->target().id == targetId; });
}

void Hub::setSessionListener(std::function<void(const Target&)> listener) {
  std::lock_guard lock(m_mutex);
  m_sessionListener = std::move(listener);
}

std::vector<Target> Hub::targets() {
  std::lock_guard lock(m_mutex);
  std::vector<Target> list;
  list.reserve(m_agents.size());
  for (const auto& agent : m_agents) list.push_back(agent->target());
  return list;
}

bool Hub::startSession(int sessionId, const std::string& targetId, std::shared_ptr<Outbound> outbound) {
  std::shared_ptr<AgentHandle> agent;
  std::function<void(const Target&)> listener;
  {
    std::lock_guard lock(m_mutex);
    auto it = std::find_if(m_agents.begin(), m_agents.end(),
                           [&](const auto& candidate) { return candidate->target().id == targetId; });
    if (it == m_agents.end()) return false;
    agent = *it;
    m_sessions[sessionId] = agent;
    listener = m_sessionListener;
  }
  agent->connect(sessionId, std::move(outbound));
  if (listener) listener(agent->target());
  return true;
}

void Hub::messageReceived(int sessionId, std::string message) {
  if (std::shared_ptr<AgentHandle> agent = sessionAgent(sessionId)) agent->dispatch(sessionId, std::move(message));
}

void Hub::endSession(int sessionId) {
  std::shared_ptr<AgentHandle> agent;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_sessions.find(sessionId);
    if (it == m_sessions.end()) return;
    agent = std::move(it->second);
    m_sessions.erase(it);
  }
  agent->disconnect(sessionId);
}

void Hub::endAllSessions() {
  std::map<int, std::shared_ptr<AgentHandle>> sessions;
  {
    std::lock_guard lock(m_mutex);
    sessions.swap(m_sessions);
  }
  for (auto& [id, agent] : sessions) agent->disconnect(id);
}

std::shared_ptr<AgentHandle> Hub::sessionAgent(int sessionId) {
  std::lock_guard lock(m_mutex);
  auto it = m_sessions.find(sessionId);
  return it == m_sessions.end() ? nullptr : it->second;
}

}  // namespace nano::inspector
