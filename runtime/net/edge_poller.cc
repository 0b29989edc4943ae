#include "edge_poller.h"

#include <cerrno>

#include <sys/epoll.h>
#include <unistd.h>

namespace nano::net {

namespace {
// Events taken per epoll_wait; a fuller set is read again at once.
constexpr int kBatch = 128;
}  // namespace

EdgePoller* EdgePoller::open(uv_loop_t* loop, int* error) {
  int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) {
    *error = -errno;
    return nullptr;
  }
  auto* poller = new EdgePoller();
  poller->m_epoll = epoll;
  if (int rc = uv_poll_init(loop, &poller->m_poll, epoll); rc != 0) {
    ::close(epoll);
    delete poller;
    *error = rc;
    return nullptr;
  }
  poller->m_poll.data = poller;
  uv_poll_start(&poller->m_poll, UV_READABLE, [](uv_poll_t* handle, int, int) {
    static_cast<EdgePoller*>(handle->data)->dispatch();
  });
  return poller;
}

int EdgePoller::add(int fd, Watcher* watcher) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.ptr = watcher;
  return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0 ? 0 : -errno;
}

void EdgePoller::remove(int fd) {
  if (m_epoll >= 0) ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void EdgePoller::dispatch() {
  epoll_event events[kBatch];
  for (;;) {
    int count = ::epoll_wait(m_epoll, events, kBatch, 0);
    if (count < 0 && errno == EINTR) continue;
    // A watcher's owner may close the poller (the server goes away) or other
    // watchers (their memory lives on until the loop's close phase).
    for (int i = 0; i < count && !m_closed; ++i)
      static_cast<Watcher*>(events[i].data.ptr)->onEdge(events[i].events);
    if (count < kBatch || m_closed) return;
  }
}

void EdgePoller::close() {
  if (m_closed) return;
  m_closed = true;
  int epoll = m_epoll;
  m_epoll = -1;
  // A loop torn down by uv_walk may have closed the handle already: then it
  // is the loop's, and this small object is left behind. Else the loop stops
  // watching the fd before it is closed (and its number reused).
  if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(&m_poll)))
    uv_close(reinterpret_cast<uv_handle_t*>(&m_poll),
             [](uv_handle_t* handle) { delete static_cast<EdgePoller*>(handle->data); });
  ::close(epoll);
}

}  // namespace nano::net
