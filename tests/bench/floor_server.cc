// The floor of the HTTP benchmark: a native server that answers every request
// with the hello case's response and does nothing else (no JS, no parsing
// beyond finding where each request ends, no allocation per request). What it
// reaches is the most any server can reach with this machine, this kernel and
// this load generator; http.py prints nanojs's share of it.
//
// Linux epoll, level-triggered, one read per readiness and one write of all
// the answers a read completed: the fewest system calls per request a
// non-batching server makes. Requests are taken to have no body (wrk's GETs).
//
//   http_floor_server PORT        (listens on 127.0.0.1:PORT until killed)

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>

namespace nano::bench {
namespace {

constexpr std::string_view kBody = "Hello, world!\n";

// The response of the hello case, its date refreshed once a second.
class HelloResponse {
 public:
  std::string_view current() {
    time_t now = time(nullptr);
    if (now != m_second) {
      m_second = now;
      char date[64];
      struct tm tm;
      gmtime_r(&now, &tm);
      strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      m_text = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " +
               std::to_string(kBody.size()) + "\r\ndate: " + date + "\r\n\r\n" + std::string(kBody);
    }
    return m_text;
  }

 private:
  time_t m_second = 0;
  std::string m_text;
};

struct Connection {
  int matched = 0;      // bytes of "\r\n\r\n" seen at the end of the last read
  std::string pending;  // answers the socket did not take yet
};

// Counts the requests a read completes: each ends with an empty line.
int completedRequests(Connection& c, const char* data, size_t size) {
  static constexpr char kEnd[] = "\r\n\r\n";
  int count = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == kEnd[c.matched]) {
      if (++c.matched == 4) {
        ++count;
        c.matched = 0;
      }
    } else {
      c.matched = data[i] == '\r' ? 1 : 0;
    }
  }
  return count;
}

// Writes what is pending; false when the connection is to be closed.
bool flush(int fd, Connection& c) {
  while (!c.pending.empty()) {
    ssize_t n = send(fd, c.pending.data(), c.pending.size(), MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    c.pending.erase(0, static_cast<size_t>(n));
  }
  return true;
}

int serve(int port) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 1024) != 0) {
    std::fprintf(stderr, "http_floor_server: cannot listen on 127.0.0.1:%d: %s\n", port,
                 std::strerror(errno));
    return 1;
  }
  int poller = epoll_create1(EPOLL_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listener;
  epoll_ctl(poller, EPOLL_CTL_ADD, listener, &event);

  HelloResponse response;
  std::unordered_map<int, Connection> connections;
  char buffer[16384];
  epoll_event ready[256];
  auto close_connection = [&](int fd) {
    connections.erase(fd);
    close(fd);  // also leaves the epoll set
  };
  for (;;) {
    int count = epoll_wait(poller, ready, 256, -1);
    if (count < 0 && errno != EINTR) return 1;
    for (int i = 0; i < count; ++i) {
      int fd = ready[i].data.fd;
      if (fd == listener) {
        int client;
        while ((client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
          setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          connections[client];
          epoll_event e{};
          e.events = EPOLLIN;
          e.data.fd = client;
          epoll_ctl(poller, EPOLL_CTL_ADD, client, &e);
        }
        continue;
      }
      Connection& c = connections[fd];
      if (ready[i].events & EPOLLOUT) {
        if (!flush(fd, c)) {
          close_connection(fd);
          continue;
        }
        if (c.pending.empty()) {
          epoll_event e{};
          e.events = EPOLLIN;
          e.data.fd = fd;
          epoll_ctl(poller, EPOLL_CTL_MOD, fd, &e);
        }
      }
      if (!(ready[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close_connection(fd);
        continue;
      }
      if (n < 0) continue;
      int answers = completedRequests(c, buffer, static_cast<size_t>(n));
      if (answers == 0) continue;
      bool wasPending = !c.pending.empty();
      std::string_view text = response.current();
      for (int k = 0; k < answers; ++k) c.pending.append(text);
      if (wasPending) continue;  // EPOLLOUT is armed already
      if (!flush(fd, c)) {
        close_connection(fd);
      } else if (!c.pending.empty()) {
        epoll_event e{};
        e.events = EPOLLIN | EPOLLOUT;
        e.data.fd = fd;
        epoll_ctl(poller, EPOLL_CTL_MOD, fd, &e);
      }
    }
  }
}

}  // namespace
}  // namespace nano::bench

int main(int argc, char** argv) {
  int port = argc == 2 ? std::atoi(argv[1]) : 0;
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "usage: http_floor_server PORT\n");
    return 2;
  }
  return nano::bench::serve(port);
}
