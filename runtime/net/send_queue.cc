#include "send_queue.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

namespace nano::net {

namespace {
// At most this many buffers per sendmsg (well under IOV_MAX).
constexpr size_t kMaxIovecs = 64;
// A spare buffer grown beyond this is given back rather than kept.
constexpr size_t kSpareLimit = 64 * 1024;
}  // namespace

std::string& SendQueue::tail() {
  if (!m_tailOpen) {
    m_parts.push_back(std::move(m_spare));
    m_spare = std::string();
    m_parts.back().clear();
    m_tailOpen = true;
  }
  return m_parts.back();
}

void SendQueue::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (bytes.size() >= kLargePart) return append(std::string(bytes));
  tail().append(bytes);
}

void SendQueue::append(std::string&& bytes) {
  if (bytes.empty()) return;
  if (bytes.size() < kLargePart) return append(std::string_view(bytes));
  m_parts.push_back(std::move(bytes));
  m_tailOpen = false;
}

ssize_t SendQueue::sendTo(int fd) {
  if (m_parts.empty()) return 0;
  ssize_t sent;
  if (m_parts.size() == 1) {
    sent = ::send(fd, m_parts[0].data(), m_parts[0].size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  } else {
    iovec iov[kMaxIovecs];
    size_t count = std::min(m_parts.size(), kMaxIovecs);
    for (size_t i = 0; i < count; ++i) iov[i] = {m_parts[i].data(), m_parts[i].size()};
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = count;
    sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  if (sent < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
    return -errno;
  }
  dropFront(static_cast<size_t>(sent));
  return sent;
}

void SendQueue::dropFront(size_t bytes) {
  size_t whole = 0;
  while (whole < m_parts.size() && bytes >= m_parts[whole].size()) {
    bytes -= m_parts[whole].size();
    ++whole;
  }
  if (whole == m_parts.size()) {
    // All sent: keep the small-write buffer for next time.
    if (m_tailOpen && m_parts.back().capacity() <= kSpareLimit) m_spare = std::move(m_parts.back());
    m_parts.clear();
    m_tailOpen = false;
    return;
  }
  m_parts.erase(m_parts.begin(), m_parts.begin() + static_cast<std::ptrdiff_t>(whole));
  if (bytes) m_parts.front().erase(0, bytes);
}

std::vector<std::string> SendQueue::takeAll() {
  std::vector<std::string> parts;
  parts.swap(m_parts);
  m_tailOpen = false;
  return parts;
}

void SendQueue::clear() {
  m_parts.clear();
  m_tailOpen = false;
}

}  // namespace nano::net
