#include "session.h"

#include "strings.h"

namespace nano::inspector {

Session::Session(int id, std::shared_ptr<Outbound> outbound, v8_inspector::V8Inspector& inspector,
                 int contextGroupId)
    : m_id(id), m_outbound(std::move(outbound)) {
  m_session = inspector.connect(contextGroupId, this, v8_inspector::StringView());
}

Session::~Session() { m_session.reset(); }

void Session::sendResponse(int, std::unique_ptr<v8_inspector::StringBuffer> message) {
  m_outbound->send(toUtf8(message->string()));
}

void Session::sendNotification(std::unique_ptr<v8_inspector::StringBuffer> message) {
  m_outbound->send(toUtf8(message->string()));
}

}  // namespace nano::inspector
