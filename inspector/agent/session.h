#pragma once
// One attached debugger client: the V8 session plus the channel V8 answers
// through. Created, used and destroyed on the runtime thread; what it sends
// goes to the client through a thread-safe Outbound.
#include <memory>
#include <string>

#include <v8-inspector.h>

#include "server/server_delegate.h"

namespace nano::inspector {

class Session final : public v8_inspector::V8Inspector::Channel {
 public:
  Session(int id, std::shared_ptr<Outbound> outbound, v8_inspector::V8Inspector& inspector,
          int contextGroupId);
  ~Session() override;

  int id() const { return m_id; }
  v8_inspector::V8InspectorSession& v8() { return *m_session; }
  void send(std::string message) { m_outbound->send(std::move(message)); }
  // The client is told to go (the runtime ends).
  void close() { m_outbound->close(); }

 private:
  void sendResponse(int callId, std::unique_ptr<v8_inspector::StringBuffer> message) override;
  void sendNotification(std::unique_ptr<v8_inspector::StringBuffer> message) override;
  void flushProtocolNotifications() override {}

  int m_id;
  std::shared_ptr<Outbound> m_outbound;
  // Last: destroyed first, while the channel it may still write to exists.
  std::unique_ptr<v8_inspector::V8InspectorSession> m_session;
};

}  // namespace nano::inspector
