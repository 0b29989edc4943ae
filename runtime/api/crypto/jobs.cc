#include "jobs.h"

#include <openssl/err.h>

#include <unordered_map>
#include <unordered_set>

#include "../../core/errors.h"
#include "../../core/runtime.h"
#include "subtle_ops.h"

namespace nano::subtle {

void JobResult::settle(v8::Isolate* isolate, v8::Local<v8::Promise::Resolver> resolver) && {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Value> value;
  switch (m_type) {
    case Type::Error:
      resolver->Reject(context, makeError(isolate, m_error)).Check();
      return;
    case Type::Undefined:
      value = v8::Undefined(isolate);
      break;
    case Type::Bytes:
      value = std::move(m_bytes).toArrayBuffer(isolate);
      break;
    case Type::Bool:
      value = v8::Boolean::New(isolate, m_bool);
      break;
    case Type::Keys:
      if (m_keys.size() == 1) {
        value = wrapKey(isolate, std::move(m_keys[0]));
      } else {
        v8::Local<v8::Value> pair[] = {wrapKey(isolate, std::move(m_keys[0])),
                                       wrapKey(isolate, std::move(m_keys[1]))};
        value = v8::Array::New(isolate, pair, 2);
      }
      break;
  }
  resolver->Resolve(context, value).Check();
}

namespace {

class JobTable;

struct PendingJob {
  uv_work_t request{};
  std::atomic<bool> cancelled{false};
  JobTable* table = nullptr;
  std::unique_ptr<Job> job;
  std::optional<JobResult> result;
  v8::Global<v8::Promise::Resolver> resolver;
  RequestId forRequest = 0;  // the served request that started it
};

void finish(std::unique_ptr<PendingJob> pending, bool ran);

// The jobs of one runtime still on the threadpool. A runtime torn down with
// jobs in flight orphans them: their completion then frees them without
// touching V8.
class JobTable {
 public:
  explicit JobTable(Runtime& runtime) : m_runtime(runtime) {}
  ~JobTable();

  Runtime& runtime() { return m_runtime; }
  void add(PendingJob* job) { m_jobs.insert(job); }
  void remove(PendingJob* job) { m_jobs.erase(job); }

 private:
  Runtime& m_runtime;
  std::unordered_set<PendingJob*> m_jobs;
};

JobTable::~JobTable() {
  for (PendingJob* job : m_jobs) {
    job->resolver.Reset();
    job->table = nullptr;
    // Not started: dropped; running: asked to stop where it can.
    job->cancelled.store(true);
    uv_cancel(reinterpret_cast<uv_req_t*>(&job->request));
  }
}

thread_local const std::atomic<bool>* tlsCancelled = nullptr;

JobResult runSafely(Job& job) {
  JobResult result = job.run();
  ERR_clear_error();  // per-thread queue: nothing of this job leaks into the next
  return result;
}

void onWork(uv_work_t* request) {
  auto* pending = static_cast<PendingJob*>(request->data);
  tlsCancelled = &pending->cancelled;
  pending->result.emplace(runSafely(*pending->job));
  tlsCancelled = nullptr;
}

// Settles a job of a live runtime (ran: it was not cancelled).
void finish(std::unique_ptr<PendingJob> pending, bool ran) {
  pending->job.reset();  // drops key references now, on the loop thread
  Runtime& runtime = pending->table->runtime();
  RuntimeScope scope(runtime);
  RequestCallbackScope forRequest(runtime, pending->forRequest);
  v8::Isolate* isolate = runtime.isolate();
  v8::Local<v8::Promise::Resolver> resolver = pending->resolver.Get(isolate);
  pending->resolver.Reset();
  if (!ran || !pending->result) {
    JobResult::error(operationError("The operation was cancelled")).settle(isolate, resolver);
  } else {
    std::move(*pending->result).settle(isolate, resolver);
  }
  runtime.checkpoint();
}

void afterWork(uv_work_t* request, int status) {
  std::unique_ptr<PendingJob> pending(static_cast<PendingJob*>(request->data));
  if (!pending->table) return;  // the runtime is gone
  pending->table->remove(pending.get());
  finish(std::move(pending), status == 0);
}

}  // namespace

bool Input::prepare(v8::Local<v8::Value> value, size_t spare) {
  size_t size = 0;
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    size = view->ByteLength();
    if (size > 0) {
      m_store = view->Buffer()->GetBackingStore();
      m_source = static_cast<const uint8_t*>(m_store->Data()) + view->ByteOffset();
    }
  } else if (value->IsArrayBuffer()) {
    m_store = value.As<v8::ArrayBuffer>()->GetBackingStore();
    size = m_store->ByteLength();
    m_source = static_cast<const uint8_t*>(m_store->Data());
  } else {
    return false;
  }
  m_size = size;
  m_bytes = Bytes(size + spare);
  m_bytes.setPublic();  // a copy of what JS holds anyway
  return true;
}

void Input::setConsumer(Consumer consumer) {
  m_consumer = std::move(consumer);
  setChunkStates();
}

void Input::setChunkProcessor(ChunkProcessor processor) {
  m_processor = std::move(processor);
  setChunkStates();
}

void Input::setChunkStates() {
  size_t count = chunkCount();
  m_chunks = std::make_unique<std::atomic<uint8_t>[]>(count);
  for (size_t i = 0; i < count; i++) m_chunks[i].store(kFree, std::memory_order_relaxed);
}

void Input::fill(bool jobRunsHere) {
  size_t size = m_size;
  if ((m_consumer || m_processor) && jobRunsHere) {
    m_consumedHere = true;
    for (size_t done = 0; done < size; done += kChunk) {
      size_t n = std::min(kChunk, size - done);
      bool ok = m_consumer ? m_consumer(m_source + done, m_bytes.data() + done, n)
                           : m_processor(1, done, m_source + done, m_bytes.data() + done, n);
      if (!ok) {
        m_failed = true;
        ERR_clear_error();  // the job reports the failure
        break;
      }
    }
  } else if (m_consumer) {
    fillFromBack();
  } else if (m_processor) {
    processFromBack();
  } else {
    uint8_t* destination = m_bytes.data();  // m_bytes itself may move to the worker once all is copied
    for (size_t done = 0; done < size;) {
      size_t n = std::min(kChunk, size - done);
      std::memcpy(destination + done, m_source + done, n);
      done += n;
      publish(m_ready, done);
    }
  }
  publish(m_ready, size);
  m_source = nullptr;
  m_store.reset();
}

void Input::fillFromBack() {
  uint8_t* destination = m_bytes.data();
  size_t chunk = chunkCount();
  while (chunk > 0) {
    uint8_t expected = kFree;
    if (!m_chunks[chunk - 1].compare_exchange_strong(expected, kCopying)) break;  // the worker's from here down
    size_t offset = (chunk - 1) * kChunk;
    std::memcpy(destination + offset, m_source + offset, std::min(kChunk, m_size - offset));
    setState(chunk - 1, kCopied);
    chunk--;
  }
  // The worker claims chunks in order and reads one at a time: only the
  // last one it claimed may still be in use.
  if (chunk > 0) waitUntil([&] { return m_chunks[chunk - 1].load() != kWorkerReading; });
}

void Input::processFromBack() {
  uint8_t* destination = m_bytes.data();
  size_t count = chunkCount();
  size_t chunk = count;
  size_t processed = 0;
  while (chunk > 0) {
    bool process = 2 * processed < count || m_workerStarted.load();
    uint8_t expected = kFree;
    if (!m_chunks[chunk - 1].compare_exchange_strong(expected, process ? kProcessing : kCopying)) break;
    size_t offset = (chunk - 1) * kChunk;
    size_t n = std::min(kChunk, m_size - offset);
    if (process) {
      if (!m_processor(1, offset, m_source + offset, destination + offset, n)) {
        m_failed = true;
        ERR_clear_error();  // the job reports the failure
      }
      processed++;
    } else {
      std::memcpy(destination + offset, m_source + offset, n);
    }
    setState(chunk - 1, process ? kProcessed : kCopied);
    chunk--;
  }
  if (chunk > 0) waitUntil([&] { return m_chunks[chunk - 1].load() != kWorkerReading; });
}

bool Input::processChunks() {
  m_workerStarted = true;
  return workChunks(
      [&](size_t offset, const uint8_t* in, uint8_t* out, size_t n) { return m_processor(0, offset, in, out, n); },
      [&](size_t chunk, size_t offset, uint8_t* at, size_t n) {
        uint8_t state = kFree;
        waitUntil([&] {
          state = m_chunks[chunk].load();
          return state == kProcessed || state == kCopied;
        });
        return state == kProcessed || m_processor(0, offset, at, at, n);
      });
}

void Input::setState(size_t chunk, ChunkState state) {
  // Sequentially consistent, with waitUntil(): either the waiter sees the
  // new state, or this sees m_waiting and wakes it.
  m_chunks[chunk].store(state);
  if (m_waiting.load() > 0) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_changed.notify_all();
  }
}

void Input::publish(std::atomic<size_t>& progress, size_t value) {
  progress.store(value);
  if (m_waiting.load() > 0) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_changed.notify_all();
  }
}

size_t Input::waitFor(size_t wanted) const {
  size_t ready = 0;
  waitUntil([&] { return (ready = m_ready.load()) >= wanted; });
  return ready;
}

bool Input::consume() {
  return workChunks([&](size_t, const uint8_t* in, uint8_t* out, size_t n) { return m_consumer(in, out, n); },
                    [&](size_t chunk, size_t, uint8_t* at, size_t n) {
                      waitUntil([&] { return m_chunks[chunk].load() == kCopied; });
                      return m_consumer(at, at, n);
                    });
}

InputPtr readInput(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what, size_t spare) {
  auto input = std::make_shared<Input>();
  if (!input->prepare(value, spare)) {
    throwTypeError(isolate, std::string(what) + " is not a BufferSource");
    return nullptr;
  }
  return input;
}

bool jobCancelled() { return tlsCancelled && tlsCancelled->load(std::memory_order_relaxed); }

v8::Local<v8::Promise> startJob(v8::Isolate* isolate, bool offThread, std::unique_ptr<Job> job, Input* input) {
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  if (!offThread) {
    if (input) input->fill(/*jobRunsHere=*/true);
    runSafely(*job).settle(isolate, resolver);
    return scope.Escape(resolver->GetPromise());
  }
  Runtime& runtime = Runtime::from(isolate);
  JobTable& table = runtime.state<JobTable>();
  auto* pending = new PendingJob;
  pending->request.data = pending;
  pending->table = &table;
  pending->job = std::move(job);
  pending->resolver.Reset(isolate, resolver);
  pending->forRequest = currentRequest(isolate);
  if (uv_queue_work(runtime.loop(), &pending->request, onWork, afterWork) != 0) {
    pending->resolver.Reset();
    delete pending;
    JobResult::error(operationError("Could not queue the operation")).settle(isolate, resolver);
  } else {
    table.add(pending);
  }
  // Always filled: a job that could not be queued was settled, but a job
  // that was may already be waiting for its input.
  if (input) input->fill();
  return scope.Escape(resolver->GetPromise());
}

}  // namespace nano::subtle
