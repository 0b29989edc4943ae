#pragma once
// Pending crypto operations. An op builds a job from copies of its inputs and
// gets back the promise JS returns. Big inputs and slow operations (RSA/EC key
// generation, RSA private-key operations, many PBKDF2 iterations) run on the
// uv threadpool so the event loop keeps turning; the rest run at once. Either
// way the promise's resolver is a v8::Global that is reset on every path, and
// results re-enter V8 on the runtime thread followed by a microtask checkpoint.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <optional>
#include <utility>
#include <vector>

#include "common.h"
#include "keys.h"

namespace nano::subtle {

// Inputs above this size are processed off the runtime thread.
constexpr size_t kInlineLimit = 8 * 1024;

// The bulk input of an operation (the data of digest, encrypt, sign, ...).
// WebCrypto works on a copy taken at call time, and JS may resume only once
// the source was read in full. For big inputs that copy costs as much as
// AES-GCM itself, and slows the work it runs beside (both stream memory).
// - Operations that consume the input in order (digest, AES-GCM) register a
//   consumer. Its worker reads the source itself from the front while the
//   runtime thread copies from the back: they meet where their speeds put
//   them, the loop waits only until then, and the bytes the worker read
//   were never copied. A worker that comes late (busy threadpool) finds the
//   copy done. Small inputs run at once, straight from the source.
// - Operations whose input splits into independent chunks (AES-GCM with a
//   96-bit IV) register a chunk processor, and then both threads do the work:
//   the worker from the front, the runtime thread from the back, each
//   reading the source. A worker that comes late finds the second half of
//   the input copied rather than processed, which bounds the loop's wait.
// - The others read the copy, made in order, which the worker can consume
//   as it grows.
class Input {
 public:
  // Consumes n bytes of input (in order, each byte once) read from `in`, the
  // source or the copy; `out` is where these bytes sit in the buffer take()
  // returns, for output written in place (out == in when reading the copy).
  using Consumer = std::function<bool(const uint8_t* in, uint8_t* out, size_t n)>;
  // Processes the chunk at `offset` (n bytes, kChunk but for the last) from
  // `in` to `out` (the same place when reading the copy), on lane 0 (the
  // worker) or 1 (the runtime thread); one chunk per lane at a time.
  using ChunkProcessor = std::function<bool(size_t lane, size_t offset, const uint8_t* in, uint8_t* out, size_t n)>;
  static constexpr size_t kChunk = 64 * 1024;  // small enough to stay in cache for the worker

  Input() = default;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Takes the source of an ArrayBuffer or view (read later by fill()); false
  // when value is neither. `spare` bytes of room are allocated after the
  // copy, for operations that turn it into their output in place.
  bool prepare(v8::Local<v8::Value> value, size_t spare = 0);
  size_t size() const { return m_size; }
  // Runtime thread, before the job starts. The job then calls consume()
  // first, and does little after it (it may run on the runtime thread).
  void setConsumer(Consumer consumer);
  // Runtime thread, before the job starts; the job then calls processChunks().
  void setChunkProcessor(ChunkProcessor processor);
  // Runtime thread, while the source is valid; returns once it was read:
  // feeds the consumer all of it when the job runs here, else copies (see
  // above).
  void fill(bool jobRunsHere = false);

  // Worker, with a consumer: feeds it every byte in order, from the source
  // or the copy; false when the consumer failed.
  bool consume();
  // Worker, with a chunk processor: returns once every chunk was processed,
  // by either thread; false when one failed.
  bool processChunks();
  // Worker, without a consumer: f(data, length) on consecutive pieces as they
  // are copied (f may overwrite them); stops early, returning false, when f
  // returns false.
  template <class F>
  bool chunks(F&& f) {
    size_t done = 0;
    while (done < m_size) {
      size_t ready = waitFor(done + 1);
      if (!f(m_bytes.data() + done, ready - done)) return false;
      done = ready;
    }
    return true;
  }
  // Worker: the whole copy, once made.
  const uint8_t* all() {
    waitFor(m_size);
    return m_bytes.data();
  }
  // Worker, once the input was read in full: the buffer (copy or output, plus
  // spare room) to return as the output of an in-place operation.
  Bytes take() {
    waitFor(m_size);
    return std::move(m_bytes);
  }

 private:
  static constexpr int kSpins = 256;  // some microseconds: about the time to copy or encrypt 16 KiB
  // What became of a chunk, for an input with a consumer.
  enum ChunkState : uint8_t { kFree, kWorkerReading, kWorkerRead, kCopying, kCopied, kProcessing, kProcessed };
  static void spinPause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  size_t chunkCount() const { return (m_size + kChunk - 1) / kChunk; }
  // Runtime thread, with a consumer: copies chunks from the back until the
  // worker's reading from the front meets it, then waits for that worker
  // to be done with the source.
  void fillFromBack();
  // Runtime thread, with a chunk processor: processes chunks from the back
  // (copies them once it did half while no worker showed up) until the
  // worker's front, then waits for the worker to be done with the source.
  void processFromBack();
  void setChunkStates();
  // Blocks until m_ready reaches wanted; returns m_ready.
  size_t waitFor(size_t wanted) const;
  // Blocks until done() holds, woken by publish()/setState(). The two
  // threads run at similar speeds, so one often catches up with the other:
  // spinning a little first spares the futex round trip each time.
  template <class Done>
  void waitUntil(Done done) const {
    for (int i = 0; i < kSpins; i++) {
      if (done()) return;
      spinPause();
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_waiting.fetch_add(1);  // both threads may wait at once, briefly
    m_changed.wait(lock, done);
    m_waiting.fetch_sub(1);
  }
  void setState(size_t chunk, ChunkState state);
  // Worker: claims the chunks the runtime thread has not, in order, and
  // hands them to fromSource(offset, in, out, n) while the runtime thread
  // waits for the source; the others go to fromRuntime(chunk, offset, at, n)
  // once that thread is done with them. False when either fails.
  template <class FromSource, class FromRuntime>
  bool workChunks(FromSource fromSource, FromRuntime fromRuntime) {
    if (m_consumedHere) return !m_failed;
    uint8_t* bytes = m_bytes.data();
    for (size_t chunk = 0, count = chunkCount(); chunk < count; chunk++) {
      size_t offset = chunk * kChunk;
      size_t n = std::min(kChunk, m_size - offset);
      uint8_t expected = kFree;
      if (m_chunks[chunk].compare_exchange_strong(expected, kWorkerReading)) {
        bool ok = fromSource(offset, m_source + offset, bytes + offset, n);
        setState(chunk, kWorkerRead);  // fill() may return now
        if (!ok) return false;
      } else if (!fromRuntime(chunk, offset, bytes + offset, n)) {
        return false;
      }
    }
    return !m_failed;
  }
  // Runtime thread: stores progress, waking a waiting worker.
  void publish(std::atomic<size_t>& progress, size_t value);

  Bytes m_bytes;
  size_t m_size = 0;
  std::shared_ptr<v8::BackingStore> m_store;  // keeps the source alive until fill()
  const uint8_t* m_source = nullptr;
  Consumer m_consumer;
  ChunkProcessor m_processor;
  std::unique_ptr<std::atomic<uint8_t>[]> m_chunks;  // ChunkState per chunk, with a consumer
  bool m_consumedHere = false;                       // the job runs on the runtime thread
  std::atomic<bool> m_failed{false};                 // a consumer or processor failed on the runtime thread
  std::atomic<bool> m_workerStarted{false};          // processChunks() began
  std::atomic<size_t> m_ready{0};                    // bytes of m_bytes final (all of them, with a consumer)
  mutable std::atomic<int> m_waiting{0};
  mutable std::mutex m_mutex;
  mutable std::condition_variable m_changed;
};
using InputPtr = std::shared_ptr<Input>;

// A prepared input, or null after throwing a TypeError naming `what`.
InputPtr readInput(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what, size_t spare = 0);

class JobResult {
 public:
  enum class Type { Undefined, Bytes, Bool, Keys, Error };

  static JobResult bytes(Bytes bytes) {
    JobResult r(Type::Bytes);
    r.m_bytes = std::move(bytes);
    return r;
  }
  static JobResult boolean(bool value) {
    JobResult r(Type::Bool);
    r.m_bool = value;
    return r;
  }
  // One key resolves to its handle; two (private, public) to an array of both.
  static JobResult keys(KeyPtr first, KeyPtr second = nullptr) {
    JobResult r(Type::Keys);
    r.m_keys.push_back(std::move(first));
    if (second) r.m_keys.push_back(std::move(second));
    return r;
  }
  static JobResult error(Error error) {
    JobResult r(Type::Error);
    r.m_error = std::move(error);
    return r;
  }
  JobResult(Error e) : JobResult(error(std::move(e))) {}  // NOLINT: implicit on purpose

  Type type() const { return m_type; }
  bool failed() const { return m_type == Type::Error; }
  // Settles resolver with this result (called on the runtime thread).
  void settle(v8::Isolate* isolate, v8::Local<v8::Promise::Resolver> resolver) &&;

 private:
  explicit JobResult(Type type) : m_type(type) {}
  Type m_type;
  Bytes m_bytes;
  bool m_bool = false;
  std::vector<KeyPtr> m_keys;
  Error m_error;
};

class Job {
 public:
  virtual ~Job() = default;
  virtual JobResult run() = 0;
};

template <class F>
class FunctionJob final : public Job {
 public:
  explicit FunctionJob(F&& f) : m_f(std::move(f)) {}
  JobResult run() override { return m_f(); }

 private:
  F m_f;
};

// On a threadpool thread: whether the runtime that started the running job is
// being torn down (long loops such as RSA key generation poll it to stop early).
bool jobCancelled();

// Returns the operation's promise. The job runs now, or on the threadpool
// when offThread; input (if any) is filled before the job runs inline, or
// right after it was queued.
v8::Local<v8::Promise> startJob(v8::Isolate* isolate, bool offThread, std::unique_ptr<Job> job, Input* input);

template <class F>
v8::Local<v8::Promise> runJob(v8::Isolate* isolate, bool offThread, F&& work, const InputPtr& input = nullptr) {
  return startJob(isolate, offThread, std::make_unique<FunctionJob<std::decay_t<F>>>(std::forward<F>(work)),
                  input.get());
}

}  // namespace nano::subtle
