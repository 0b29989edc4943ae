// EdgePoller: a socket reports once per arrival of input (edge-triggered), not
// again while unread input waits; room to write after a full socket is an
// edge too; a removed socket reports nothing; closing the poller leaves the
// loop with nothing to run.
#include <QtTest>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "net/edge_poller.h"

using nano::net::EdgePoller;

namespace {

struct Recorder final : EdgePoller::Watcher {
  std::vector<uint32_t> edges;
  void onEdge(uint32_t events) override { edges.push_back(events); }
  int inputEdges() const {
    int n = 0;
    for (uint32_t e : edges) n += (e & EPOLLIN) ? 1 : 0;
    return n;
  }
};

struct Pair {
  int a = -1;
  int b = -1;
  Pair() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0) {
      a = fds[0];
      b = fds[1];
    }
  }
  ~Pair() {
    if (a >= 0) close(a);
    if (b >= 0) close(b);
  }
};

// Runs the loop until nothing is pending (the poller's handle stays active,
// so one non-blocking turn at a time).
void turn(uv_loop_t* loop, int turns = 3) {
  for (int i = 0; i < turns; ++i) uv_run(loop, UV_RUN_NOWAIT);
}

}  // namespace

class TestEdgePoller : public QObject {
  Q_OBJECT

 private:
  uv_loop_t m_loop{};
  EdgePoller* m_poller = nullptr;

 private slots:
  void init() {
    QCOMPARE(uv_loop_init(&m_loop), 0);
    int error = 0;
    m_poller = EdgePoller::open(&m_loop, &error);
    QVERIFY2(m_poller, uv_strerror(error));
  }

  void cleanup() {
    if (m_poller) m_poller->close();
    m_poller = nullptr;
    uv_run(&m_loop, UV_RUN_DEFAULT);  // returns once the poller's handle is closed
    QCOMPARE(uv_loop_close(&m_loop), 0);
  }

  void inputIsReportedOncePerArrival() {
    Pair pair;
    Recorder recorder;
    QCOMPARE(m_poller->add(pair.b, &recorder), 0);
    turn(&m_loop);
    QCOMPARE(recorder.inputEdges(), 0);  // writable from the start, nothing to read
    QCOMPARE(write(pair.a, "one", 3), ssize_t(3));
    turn(&m_loop);
    QCOMPARE(recorder.inputEdges(), 1);
    // Unread, the input does not report again (level-triggered would, each turn).
    turn(&m_loop);
    QCOMPARE(recorder.inputEdges(), 1);
    QCOMPARE(write(pair.a, "two", 3), ssize_t(3));
    turn(&m_loop);
    QCOMPARE(recorder.inputEdges(), 2);
    char buffer[16];
    QCOMPARE(read(pair.b, buffer, sizeof buffer), ssize_t(6));
    QCOMPARE(std::string(buffer, 6), std::string("onetwo"));
  }

  void hangUpIsAnEdge() {
    Pair pair;
    Recorder recorder;
    QCOMPARE(m_poller->add(pair.b, &recorder), 0);
    turn(&m_loop);
    recorder.edges.clear();
    close(pair.a);
    pair.a = -1;
    turn(&m_loop);
    QVERIFY(!recorder.edges.empty());
    QVERIFY(recorder.edges.back() & (EPOLLRDHUP | EPOLLHUP));
  }

  void roomToWriteAfterAFullSocketIsAnEdge() {
    Pair pair;
    Recorder recorder;
    QCOMPARE(m_poller->add(pair.a, &recorder), 0);
    std::string chunk(64 * 1024, 'x');
    while (write(pair.a, chunk.data(), chunk.size()) > 0) {
    }
    QCOMPARE(errno, EAGAIN);
    turn(&m_loop);
    recorder.edges.clear();
    turn(&m_loop);
    QVERIFY(recorder.edges.empty());  // full: no output edge
    char buffer[64 * 1024];
    while (read(pair.b, buffer, sizeof buffer) > 0) {
    }
    turn(&m_loop);
    QVERIFY(!recorder.edges.empty());
    QVERIFY(recorder.edges.back() & EPOLLOUT);
  }

  void removedSocketIsQuiet() {
    Pair pair;
    Recorder recorder;
    QCOMPARE(m_poller->add(pair.b, &recorder), 0);
    m_poller->remove(pair.b);
    QCOMPARE(write(pair.a, "x", 1), ssize_t(1));
    turn(&m_loop);
    QVERIFY(recorder.edges.empty());
  }

  void addingASocketTwiceIsAnError() {
    Pair pair;
    Recorder recorder;
    QCOMPARE(m_poller->add(pair.b, &recorder), 0);
    QCOMPARE(m_poller->add(pair.b, &recorder), -EEXIST);
    QCOMPARE(m_poller->add(-1, &recorder), -EBADF);
  }

  void watcherMayCloseThePollerMidBatch() {
    // Two sockets ready in one batch; the first watcher closes the poller: the
    // second is not called (its owner may be gone), and nothing crashes.
    struct Closer final : EdgePoller::Watcher {
      EdgePoller** poller;
      int calls = 0;
      void onEdge(uint32_t) override {
        ++calls;
        (*poller)->close();
        *poller = nullptr;
      }
    };
    Pair first, second;
    Closer a, b;
    a.poller = b.poller = &m_poller;
    QCOMPARE(m_poller->add(first.b, &a), 0);
    QCOMPARE(m_poller->add(second.b, &b), 0);
    turn(&m_loop);  // both report writable: one of them closes the poller
    QCOMPARE(a.calls + b.calls, 1);
  }
};

QTEST_APPLESS_MAIN(TestEdgePoller)
#include "tst_edge_poller.moc"
