#pragma once
// EdgePoller: sockets watched edge-triggered (EPOLLET) in an epoll set of
// their own, which the uv loop watches as a single fd.
//
// Why not libuv's own watchers: libuv's epoll is level-triggered, so every
// socket that was ready is polled once more at the next wait only to find it
// drained, and libuv reads with read(2) through the VFS. Under keep-alive load
// those two cost a server as much as its HTTP parsing. Here a socket reports
// each time new data (or room to write) arrives, and its owner reads with
// recv(2) until a short read. Linux only, as epoll is.
#include <cstdint>

#include <uv.h>

namespace nano::net {

class EdgePoller {
 public:
  class Watcher {
   public:
    // `events`: the epoll bits (EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP, EPOLLERR).
    virtual void onEdge(uint32_t events) = 0;

   protected:
    ~Watcher() = default;
  };

  // nullptr with *error set (-errno or a uv error) when it cannot be set up.
  static EdgePoller* open(uv_loop_t* loop, int* error);

  // Watches fd for input, output and hang-up edges. The watcher must outlive
  // the registration and the loop turn in which it is removed.
  int add(int fd, Watcher* watcher);
  void remove(int fd);

  // Stops watching everything; the poller frees itself once the loop let go.
  void close();

 private:
  EdgePoller() = default;
  ~EdgePoller() = default;
  void dispatch();

  uv_poll_t m_poll{};
  int m_epoll = -1;
  bool m_closed = false;
};

}  // namespace nano::net
