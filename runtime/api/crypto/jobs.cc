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

struct PendingJob;

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

struct PendingJob {
  uv_work_t request{};
  std::atomic<bool> cancelled{false};
  JobTable* table = nullptr;
  std::unique_ptr<Job> job;
  std::optional<JobResult> result;
  v8::Global<v8::Promise::Resolver> resolver;
  RequestId forRequest = 0;  // the served request that started it
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

void afterWork(uv_work_t* request, int status) {
  std::unique_ptr<PendingJob> pending(static_cast<PendingJob*>(request->data));
  pending->job.reset();  // drops key references now, on the loop thread
  if (!pending->table) return;  // the runtime is gone
  pending->table->remove(pending.get());
  Runtime& runtime = pending->table->runtime();
  RuntimeScope scope(runtime);
  RequestCallbackScope forRequest(runtime, pending->forRequest);
  v8::Isolate* isolate = runtime.isolate();
  v8::Local<v8::Promise::Resolver> resolver = pending->resolver.Get(isolate);
  pending->resolver.Reset();
  if (status != 0 || !pending->result) {
    JobResult::error(operationError("The operation was cancelled")).settle(isolate, resolver);
  } else {
    std::move(*pending->result).settle(isolate, resolver);
  }
  runtime.checkpoint();
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

void Input::fill() {
  size_t size = m_size;
  uint8_t* destination = m_bytes.data();  // m_bytes itself may move to the worker once all is copied
  for (size_t done = 0; done < size;) {
    size_t n = std::min(kChunk, size - done);
    std::memcpy(destination + done, m_source + done, n);
    done += n;
    // Sequentially consistent, with waitFor(): either the worker sees the new
    // m_ready, or this sees m_waiting and wakes it.
    m_ready.store(done);
    if (m_waiting.load()) {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_changed.notify_all();
    }
  }
  m_source = nullptr;
  m_store.reset();
}

size_t Input::waitFor(size_t wanted) const {
  size_t ready = m_ready.load();
  if (ready >= wanted) return ready;
  std::unique_lock<std::mutex> lock(m_mutex);
  m_waiting.store(true);
  m_changed.wait(lock, [&] { return (ready = m_ready.load()) >= wanted; });
  m_waiting.store(false);
  return ready;
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
    if (input) input->fill();
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
