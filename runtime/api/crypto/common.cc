#include "common.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <sys/mman.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "../../core/errors.h"
#include "../../core/runtime.h"

namespace nano::subtle {

namespace {

// Bulk buffers (inputs copied from JS, outputs handed to JS) of 1 MiB and more
// come from a small process-wide pool: fresh memory costs a page fault and a
// kernel zeroing per 4 KiB page, as much as the copy itself and a third of
// what AES-GCM or SHA-256 spend on the data. ArrayBuffers given to JS return
// their memory here when V8 frees them (from any thread: hence the mutex).
// V8 frees them in batches, when a GC gets round to it: a loop of 16 MiB
// operations has ten or more waiting, so the pool must hold as many.
constexpr size_t kPooledMin = size_t{1} << 20;
constexpr size_t kPoolGranule = size_t{2} << 20;
constexpr size_t kPoolLimit = size_t{256} << 20;  // idle bytes kept at most
// Buffers idle this long are MADV_FREE: the kernel may take their pages back
// when memory is short. Not sooner: writing to such pages costs a third as
// much as writing fresh ones (each page's TLB entry and dirty bit again),
// which a buffer reused within a loop should not pay.
constexpr std::chrono::steady_clock::duration kIdleRelease = std::chrono::seconds(2);

class BufferPool {
 public:
  static BufferPool& instance() {
    static BufferPool* pool = new BufferPool;  // never destroyed: deleters may run at exit
    return *pool;
  }

  static size_t capacityFor(size_t size) { return (size + kPoolGranule - 1) / kPoolGranule * kPoolGranule; }

  // A free buffer of at least *capacity bytes (and at most a quarter more,
  // so small requests do not pin big buffers), else a new one.
  uint8_t* take(size_t* capacity) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      release(std::chrono::steady_clock::now());
      size_t best = m_free.size();
      for (size_t i = 0; i < m_free.size(); i++) {
        size_t c = m_free[i].capacity;
        // Among equals the last given: the most likely to be cached still.
        if (c >= *capacity && c <= *capacity + *capacity / 4 &&
            (best == m_free.size() || c <= m_free[best].capacity)) {
          best = i;
        }
      }
      if (best < m_free.size()) {
        uint8_t* data = m_free[best].data;
        *capacity = m_free[best].capacity;
        m_free.erase(m_free.begin() + static_cast<std::ptrdiff_t>(best));
        m_idle -= *capacity;
        return data;
      }
    }
    // Small pages (no MADV_HUGEPAGE): a huge page needs a free 2 MiB block,
    // which on a VM that reports free memory to its host (free page
    // reporting) is memory the host must supply again: a fresh 18 MiB buffer
    // took 55 ms with huge pages against 15 ms without. Reused buffers gain
    // nothing measurable from huge pages.
    return static_cast<uint8_t*>(std::aligned_alloc(kPoolGranule, *capacity));
  }

  void give(uint8_t* data, size_t capacity) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      auto now = std::chrono::steady_clock::now();
      release(now);
      if (m_idle + capacity <= kPoolLimit) {
        m_free.push_back({data, capacity, now, false});
        m_idle += capacity;
        return;
      }
    }
    std::free(data);
  }

 private:
  struct Idle {
    uint8_t* data;
    size_t capacity;
    std::chrono::steady_clock::time_point since;
    bool released;  // MADV_FREE done
  };

  // Under m_mutex (a buffer must not be taken while it is being released).
  void release(std::chrono::steady_clock::time_point now) {
    for (Idle& idle : m_free) {
      if (!idle.released && now - idle.since >= kIdleRelease) {
        madvise(idle.data, idle.capacity, MADV_FREE);
        idle.released = true;
      }
    }
  }

  std::mutex m_mutex;
  std::vector<Idle> m_free;  // oldest first
  size_t m_idle = 0;
};

void freeBytes(uint8_t* data, size_t size, size_t capacity, bool secret) {
  if (!data) return;
  if (secret) OPENSSL_cleanse(data, size);
  if (capacity >= kPooledMin) {
    BufferPool::instance().give(data, capacity);
  } else {
    std::free(data);
  }
}

}  // namespace

Bytes::Bytes(size_t size) {
  if (size == 0) return;
  size_t capacity = size;
  if (size >= kPooledMin) {
    capacity = BufferPool::capacityFor(size);
    m_data = BufferPool::instance().take(&capacity);
  } else {
    m_data = static_cast<uint8_t*>(std::malloc(size));
  }
  if (!m_data) throw std::bad_alloc();
  m_size = size;
  m_capacity = capacity;
}

Bytes::Bytes(const uint8_t* data, size_t size) : Bytes(size) {
  if (size) std::memcpy(m_data, data, size);
}

Bytes::~Bytes() { freeBytes(m_data, m_size, m_capacity, m_secret); }

v8::Local<v8::ArrayBuffer> Bytes::toArrayBuffer(v8::Isolate* isolate) && {
  if (m_size == 0) return v8::ArrayBuffer::New(isolate, 0);
  // The bytes now belong to JS: no cleansing when V8 frees them. The deleter
  // gets the capacity through its data pointer.
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      m_data, m_size,
      [](void* data, size_t, void* capacity) {
        freeBytes(static_cast<uint8_t*>(data), 0, reinterpret_cast<size_t>(capacity), false);
      },
      reinterpret_cast<void*>(m_capacity));
  m_data = nullptr;
  m_size = m_capacity = 0;
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

std::string opensslReason(std::string_view what) {
  std::string message(what);
  unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    char reason[256];  // ERR_error_string_n truncates to the size given
    ERR_error_string_n(code, reason, sizeof reason);
    message += " (";
    message += reason;
    message += ")";
  }
  ERR_clear_error();
  return message;
}

v8::Local<v8::Value> makeError(v8::Isolate* isolate, const Error& error) {
  v8::Local<v8::String> message = toV8String(isolate, error.message);
  if (error.name == "TypeError") return v8::Exception::TypeError(message);
  Runtime& runtime = Runtime::from(isolate);
  v8::Local<v8::Context> context = runtime.context();
  v8::Local<v8::Value> ctor;
  if (runtime.internals()->Get(context, toV8String(isolate, "DOMException")).ToLocal(&ctor) &&
      ctor->IsFunction()) {
    v8::Local<v8::Value> args[] = {message, toV8String(isolate, error.name)};
    v8::Local<v8::Object> exception;
    if (ctor.As<v8::Function>()->NewInstance(context, 2, args).ToLocal(&exception)) return exception;
  }
  return v8::Exception::Error(message);
}

void throwError(v8::Isolate* isolate, const Error& error) {
  isolate->ThrowException(makeError(isolate, error));
}

bool copyBytes(v8::Local<v8::Value> value, Bytes& out) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    Bytes bytes(view->ByteLength());
    if (!bytes.empty()) view->CopyContents(bytes.data(), bytes.size());
    bytes.setPublic();
    out = std::move(bytes);
    return true;
  }
  if (value->IsArrayBuffer()) {
    std::shared_ptr<v8::BackingStore> store = value.As<v8::ArrayBuffer>()->GetBackingStore();
    out = Bytes(static_cast<const uint8_t*>(store->Data()), store->ByteLength());
    out.setPublic();
    return true;
  }
  return false;
}

std::string argString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  return value->IsString() ? toStdString(isolate, value) : std::string();
}

v8::Local<v8::Value> toUint8Array(v8::Isolate* isolate, Bytes bytes) {
  size_t size = bytes.size();
  return v8::Uint8Array::New(std::move(bytes).toArrayBuffer(isolate), 0, size);
}

namespace {

const EVP_MD* fetchDigest(const char* name) {
  return EVP_MD_fetch(nullptr, name, nullptr);  // kept for the life of the process
}

}  // namespace

const EVP_MD* digestByName(std::string_view name) {
  // Fetched once: implicit fetches on every operation cost a lock and a lookup.
  static const EVP_MD* sha1 = fetchDigest("SHA1");
  static const EVP_MD* sha256 = fetchDigest("SHA2-256");
  static const EVP_MD* sha384 = fetchDigest("SHA2-384");
  static const EVP_MD* sha512 = fetchDigest("SHA2-512");
  if (name == "SHA-1") return sha1;
  if (name == "SHA-256") return sha256;
  if (name == "SHA-384") return sha384;
  if (name == "SHA-512") return sha512;
  return nullptr;
}

const char* opensslDigestName(std::string_view name) {
  if (name == "SHA-1") return "SHA1";
  if (name == "SHA-256") return "SHA2-256";
  if (name == "SHA-384") return "SHA2-384";
  if (name == "SHA-512") return "SHA2-512";
  return nullptr;
}

Bytes bignumBytes(const BIGNUM* bn, size_t width) {
  size_t size = width ? width : static_cast<size_t>(BN_num_bytes(bn));
  Bytes bytes(size);
  if (size && BN_bn2binpad(bn, bytes.data(), static_cast<int>(size)) < 0) return Bytes();
  return bytes;
}

}  // namespace nano::subtle
