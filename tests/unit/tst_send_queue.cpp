// SendQueue: bytes come out of a real socket in the order they were queued,
// whether the socket takes them at once or in pieces, small and large parts
// mixed; a closed peer is an error, not a signal.
#include <QtTest>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "net/send_queue.h"

using nano::net::SendQueue;

namespace {
struct SocketPair {
  int sender = -1;
  int receiver = -1;
  SocketPair() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
      sender = fds[0];
      receiver = fds[1];
    }
  }
  ~SocketPair() {
    if (sender >= 0) close(sender);
    if (receiver >= 0) close(receiver);
  }
  std::string drain() const {
    std::string out;
    char buffer[65536];
    for (;;) {
      ssize_t n = recv(receiver, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }
};

std::string pattern(size_t length, char seed) {
  std::string text(length, '\0');
  for (size_t i = 0; i < length; ++i) text[i] = static_cast<char>(seed + i % 23);
  return text;
}
}  // namespace

class TestSendQueue : public QObject {
  Q_OBJECT

 private slots:
  void smallWritesGoOutAsOneBuffer() {
    SocketPair pair;
    QVERIFY(pair.sender >= 0);
    SendQueue queue;
    queue.append(std::string_view("HTTP/1.1 200 OK\r\n"));
    queue.tail() += "content-length: 5\r\n\r\n";
    queue.append(std::string_view("hello"));
    QCOMPARE(queue.sendTo(pair.sender), ssize_t(17 + 21 + 5));
    QVERIFY(queue.empty());
    QCOMPARE(pair.drain(), std::string("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello"));
    // The buffer is reused for the next response.
    queue.append(std::string_view("again"));
    QCOMPARE(queue.sendTo(pair.sender), ssize_t(5));
    QCOMPARE(pair.drain(), std::string("again"));
  }

  void mixedPartsKeepTheirOrder() {
    SocketPair pair;
    SendQueue queue;
    std::string expected;
    for (int i = 0; i < 5; ++i) {
      std::string small = pattern(100 + i, 'a');
      std::string large = pattern(SendQueue::kLargePart + 1000 * i, 'A');
      queue.append(std::string_view(small));
      queue.append(std::string(large));
      expected += small + large;
    }
    queue.append(std::string_view("end"));
    expected += "end";
    std::string received;
    // The socket's buffer is smaller than the whole: send, drain, repeat.
    int rounds = 0;
    while (!queue.empty() && rounds++ < 1000) {
      QVERIFY(queue.sendTo(pair.sender) >= 0);
      received += pair.drain();
    }
    received += pair.drain();
    QVERIFY(queue.empty());
    QCOMPARE(received.size(), expected.size());
    QVERIFY(received == expected);
  }

  void fullSocketKeepsTheRestQueued() {
    SocketPair pair;
    SendQueue queue;
    std::string big = pattern(8 * 1024 * 1024, 'x');
    queue.append(std::string(big));
    ssize_t first = queue.sendTo(pair.sender);
    QVERIFY(first > 0);
    QVERIFY(static_cast<size_t>(first) < big.size());
    // Nobody reads: the next attempt takes nothing and is not an error.
    QCOMPARE(queue.sendTo(pair.sender), ssize_t(0));
    QVERIFY(!queue.empty());
    std::string rest;
    for (std::string& part : queue.takeAll()) rest += part;
    QVERIFY(queue.empty());
    QCOMPARE(rest.size(), big.size() - static_cast<size_t>(first));
    QVERIFY(rest == big.substr(static_cast<size_t>(first)));
  }

  void closedPeerIsAnError() {
    SocketPair pair;
    close(pair.receiver);
    pair.receiver = -1;
    SendQueue queue;
    queue.append(std::string_view("nobody listens"));
    // MSG_NOSIGNAL: EPIPE comes back as an error; the test process survives.
    QCOMPARE(queue.sendTo(pair.sender), ssize_t(-EPIPE));
  }
};

QTEST_APPLESS_MAIN(TestSendQueue)
#include "tst_send_queue.moc"
