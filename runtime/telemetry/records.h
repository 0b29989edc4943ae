#pragma once
// The telemetry records: plain values that cross threads (live objects never do).
// Field names match the JSON lines export (json_lines.cc) in camelCase.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "text.h"

namespace nano::telemetry {

using Id = uint64_t;

enum class FetchPhase : uint8_t {
  Queued, Dns, Connecting, Tls, Sending, Waiting, Receiving, Done, Failed, Aborted
};
constexpr int kFetchPhaseCount = 10;
const char* toString(FetchPhase phase);

struct FetchOp {
  Id id = 0;
  std::optional<Id> request;
  Text method;
  Text url;
  FetchPhase phase = FetchPhase::Queued;
  int status = 0;
  uint64_t bytesSent = 0;
  uint64_t bytesReceived = 0;
  // Milliseconds since the feed's start at which each phase began; -1 = not reached.
  double phaseStart[kFetchPhaseCount] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  Text error;
};

enum class StreamKind : uint8_t { Readable, Writable, Transform };
const char* toString(StreamKind kind);

// The branches of a tee(): two at most, kept inline so copying a record
// allocates nothing.
class TeeBranches {
 public:
  TeeBranches() = default;
  TeeBranches(std::initializer_list<Id> ids) {
    for (Id id : ids) push_back(id);
  }
  void push_back(Id id) {
    if (m_size < m_ids.size()) m_ids[m_size++] = id;
  }
  size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  const Id* begin() const { return m_ids.data(); }
  const Id* end() const { return m_ids.data() + m_size; }

 private:
  std::array<Id, 2> m_ids{};
  uint8_t m_size = 0;
};

struct StreamInfo {
  Id id = 0;
  std::optional<Id> request;
  StreamKind streamKind = StreamKind::Readable;
  Text state;  // "readable", "closed", "errored", "writable", "erroring"
  double highWaterMark = 0;
  uint64_t queueChunks = 0;
  uint64_t queueChunksPeak = 0;  // the largest queue since the previous record of this stream
  double queueBytes = 0;  // queue total size as the strategy measures it
  double desiredSize = 0;
  bool locked = false;
  bool backpressure = false;
  std::optional<Id> teeParent;
  TeeBranches teeBranches;
  std::optional<Id> pipeTo;
  std::optional<Id> pipeFrom;
  uint64_t chunksTotal = 0;
  double bytesTotal = 0;
};

struct PendingPromise {
  Id id = 0;
  std::optional<Id> request;
  Text opKind;  // "fetch", "timer", "stream.read", "crypto.digest", ...
  double created = 0;
  double settled = -1;
  Text outcome;  // "", "fulfilled", "rejected"
};

struct RequestRecord {
  Id id = 0;
  Text app;
  Text method;
  Text path;
  int status = 0;
  double start = 0;
  double end = -1;
  // Native memory the request held at peak: parsed head, unread request body,
  // unflushed response bytes (the HTTP exchange's buffers).
  uint64_t arenaPeak = 0;
  uint64_t arrayBufferBytes = 0;
  int64_t heapDelta = 0;
  bool heapDeltaApproximate = false;  // requests overlapped
  double cpuTime = 0;
  uint64_t promisesCreated = 0;
  bool promisesCounted = false;  // promisesCreated means something (see Runtime::setPromiseCounting)
  std::vector<Id> fetchIds;
};

using Record = std::variant<FetchOp, StreamInfo, PendingPromise, RequestRecord>;

enum class Kind : uint8_t { Fetch, Stream, Promise, Request };
const char* toString(Kind kind);
inline Kind kindOf(const Record& record) { return static_cast<Kind>(record.index()); }
Id idOf(const Record& record);

enum class Op : uint8_t { Open, Update, Close };
const char* toString(Op op);

struct Event {
  uint64_t seq = 0;
  double t = 0;  // ms since the feed started
  Op op = Op::Update;
  Record record;
};
// Events are immutable once published: the feed's log, its latest-state map
// and every reader share one copy.
using EventPtr = std::shared_ptr<const Event>;

}  // namespace nano::telemetry
