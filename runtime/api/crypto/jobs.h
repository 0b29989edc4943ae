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
// WebCrypto works on a copy taken at call time; for big inputs that copy costs
// as much as AES-GCM itself. So the copy is made on the runtime thread while
// the threadpool job already consumes the copied prefix: JS resumes only once
// the copy is complete (the snapshot semantics hold) but copy and work overlap.
class Input {
 public:
  Input() = default;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Takes the source of an ArrayBuffer or view (read later by fill()); false
  // when value is neither. `spare` bytes of room are allocated after the
  // copy, for operations that turn it into their output in place.
  bool prepare(v8::Local<v8::Value> value, size_t spare = 0);
  size_t size() const { return m_size; }
  // Runtime thread, while the source is valid: copies it, publishing progress.
  void fill();

  // Worker: f(data, length) on consecutive pieces as they are copied (f may
  // overwrite them); stops early, returning false, when f returns false.
  template <class F>
  bool chunks(F&& f) {
    size_t done = 0;
    while (done < m_size) {
      size_t ready = waitFor(std::min(m_size, done + kChunk));
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
  // Worker, once the copy is made: the buffer (copy plus spare room) to
  // return as the output of an in-place operation.
  Bytes take() {
    waitFor(m_size);
    return std::move(m_bytes);
  }

 private:
  static constexpr size_t kChunk = 256 * 1024;
  size_t waitFor(size_t wanted) const;

  Bytes m_bytes;
  size_t m_size = 0;
  std::shared_ptr<v8::BackingStore> m_store;  // keeps the source alive until fill()
  const uint8_t* m_source = nullptr;
  std::atomic<size_t> m_ready{0};
  mutable std::atomic<bool> m_waiting{false};
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
