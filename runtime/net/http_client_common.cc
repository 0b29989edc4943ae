#include "http_client_common.h"

namespace nano {

NetError netErrorFromUv(int status, const std::string& context) {
  std::string code = uv_err_name(status);
  return {code, context.empty() ? code + ": " + uv_strerror(status)
                                : context + " " + code + " (" + uv_strerror(status) + ")"};
}

UvTimer::UvTimer(uv_loop_t* loop, std::shared_ptr<NetStats> stats)
    : m_handle(new Handle{{}, this, std::move(stats)}) {
  uv_timer_init(loop, &m_handle->timer);
  m_handle->timer.data = m_handle;
  uv_unref(reinterpret_cast<uv_handle_t*>(&m_handle->timer));
  ++m_handle->stats->handles;
}

UvTimer::~UvTimer() {
  m_handle->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&m_handle->timer), [](uv_handle_t* handle) {
    auto* record = static_cast<Handle*>(handle->data);
    --record->stats->handles;
    delete record;
  });
}

void UvTimer::start(uint64_t ms, std::function<void()> fire) {
  m_fire = std::move(fire);
  uv_update_time(m_handle->timer.loop);
  uv_timer_start(&m_handle->timer, [](uv_timer_t* timer) {
    auto* record = static_cast<Handle*>(timer->data);
    if (!record->owner) return;
    // The callback may destroy the owner: move it out first.
    std::function<void()> fire = record->owner->m_fire;
    if (fire) fire();
  }, ms, 0);
}

void UvTimer::stop() {
  uv_timer_stop(&m_handle->timer);
}

bool UvTimer::active() const {
  return uv_is_active(reinterpret_cast<const uv_handle_t*>(&m_handle->timer));
}

}  // namespace nano
