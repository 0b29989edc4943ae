// Bytes waiting to go out on one socket. Small writes (a response head, a short
// body, chunk framing) are copied into one contiguous buffer that is reused
// from flush to flush, so a typical response is one send() of one buffer with
// no allocation; large parts keep buffers of their own.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nano::net {

class SendQueue {
 public:
  // Parts at least this long are not copied into the shared buffer.
  static constexpr size_t kLargePart = 16 * 1024;

  // Appends a copy of bytes (a large part becomes a buffer of its own).
  void append(std::string_view bytes);
  // Appends bytes the caller gives away.
  void append(std::string&& bytes);
  // The buffer the next small write would go to: for callers that format
  // straight into it (append to it, do not shrink it).
  std::string& tail();

  bool empty() const { return m_parts.empty(); }

  // Sends what the socket takes without blocking (send/sendmsg, no SIGPIPE).
  // Returns the bytes sent (0 when the socket is full) or -errno on an error;
  // what was sent leaves the queue.
  ssize_t sendTo(int fd);
  // Empties the queue into the caller's hands (for a write that waits).
  std::vector<std::string> takeAll();
  void clear();

 private:
  void dropFront(size_t bytes);

  std::vector<std::string> m_parts;
  // Set when m_parts.back() is a shared small-write buffer (more may be appended).
  bool m_tailOpen = false;
  // A drained small-write buffer, kept with its capacity for the next one.
  std::string m_spare;
};

}  // namespace nano::net
