#include "compression.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// The Compression Streams formats; JS passes these numbers.
enum class Format : int { kDeflate = 0, kDeflateRaw = 1, kGzip = 2 };

int windowBitsFor(Format format) {
  switch (format) {
    case Format::kGzip: return 15 + 16;
    case Format::kDeflateRaw: return -15;
    default: return 15;
  }
}

// Output is gathered in a per-codec scratch buffer and copied out in pieces of
// at most its size; it starts small and grows while a call keeps filling it.
constexpr size_t kInitialScratch = 16 * 1024;
constexpr size_t kMaxScratch = 1024 * 1024;
// zlib counts input in uInt; larger chunks are fed in slices.
constexpr size_t kMaxSlice = 1u << 30;
// What zlib allocates for windowBits 15 / memLevel 8 (zlib.h "Memory usage").
constexpr int64_t kDeflateMemory = (1 << 17) + (1 << 17) + 8 * 1024;
constexpr int64_t kInflateMemory = (1 << 15) + 8 * 1024;

class CodecTable;

// One zlib stream, owned by the JS handle object that op_compression_create
// returns: freed by op_compression_free or, failing that, when the handle is
// collected (or the runtime goes away).
class Codec {
 public:
  Codec(CodecTable& table, bool compress) : m_table(table), m_compress(compress) {}
  ~Codec() {
    end();
    m_handle.Reset();
  }
  Codec(const Codec&) = delete;
  Codec& operator=(const Codec&) = delete;

  int init(Format format) {
    int ret = m_compress ? deflateInit2(&m_stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                                        windowBitsFor(format), 8, Z_DEFAULT_STRATEGY)
                         : inflateInit2(&m_stream, windowBitsFor(format));
    m_live = ret == Z_OK;
    return ret;
  }

  // Releases zlib's memory; later pushes fail.
  void end() {
    if (!m_live) return;
    m_compress ? deflateEnd(&m_stream) : inflateEnd(&m_stream);
    m_live = false;
    m_scratch.reset();
    m_scratchSize = 0;
  }

  // Tells V8 what zlib and the scratch buffer hold now (zero once ended), so
  // that dropped streams are collected promptly.
  void reportMemory(v8::Isolate* isolate) {
    int64_t now = m_live ? (m_compress ? kDeflateMemory : kInflateMemory) + static_cast<int64_t>(m_scratchSize) : 0;
    if (now != m_reported) isolate->AdjustAmountOfExternalAllocatedMemory(now - m_reported);
    m_reported = now;
  }
  // Before deleting: takes back everything reported.
  void unreportMemory(v8::Isolate* isolate) {
    if (m_reported) isolate->AdjustAmountOfExternalAllocatedMemory(-m_reported);
    m_reported = 0;
  }

  // Feeds input (finish: then ends the stream) and appends the output pieces to
  // `out`. On failure throws the spec's error and returns false.
  bool run(v8::Isolate* isolate, const uint8_t* input, size_t length, bool finish,
           std::vector<v8::Local<v8::Value>>& out);

  CodecTable& m_table;
  v8::Global<v8::Object> m_handle;

 private:
  bool fail(v8::Isolate* isolate, int ret);
  bool emit(v8::Isolate* isolate, size_t used, std::vector<v8::Local<v8::Value>>& out);

  z_stream m_stream{};
  bool m_compress;
  bool m_live = false;
  bool m_done = false;  // the end of the compressed stream was reached
  std::unique_ptr<uint8_t[]> m_scratch;
  size_t m_scratchSize = 0;
  int64_t m_reported = 0;
};

// The live codecs of one runtime: lets ops reject stale or foreign handles and
// frees whatever is left when the runtime shuts down.
class CodecTable {
 public:
  explicit CodecTable(Runtime& runtime) {
    v8::Isolate* isolate = runtime.isolate();
    v8::Local<v8::ObjectTemplate> templ = v8::ObjectTemplate::New(isolate);
    templ->SetInternalFieldCount(1);
    m_template.Reset(isolate, templ);
  }
  ~CodecTable() {
    for (Codec* codec : m_live) delete codec;
  }

  v8::Local<v8::ObjectTemplate> handleTemplate(v8::Isolate* isolate) const {
    return m_template.Get(isolate);
  }
  void add(Codec* codec) { m_live.insert(codec); }
  void remove(Codec* codec) { m_live.erase(codec); }
  bool contains(Codec* codec) const { return m_live.contains(codec); }

  // The codec behind a handle, or null (after throwing) when it is not a live one.
  Codec* lookup(v8::Isolate* isolate, v8::Local<v8::Value> value) const {
    Codec* codec = nullptr;
    if (value->IsObject() && value.As<v8::Object>()->InternalFieldCount() == 1) {
      codec = static_cast<Codec*>(value.As<v8::Object>()->GetAlignedPointerFromInternalField(0));
    }
    if (!codec || !m_live.contains(codec)) {
      throwTypeError(isolate, "The compression stream has already been closed");
      return nullptr;
    }
    return codec;
  }

 private:
  v8::Global<v8::ObjectTemplate> m_template;
  std::unordered_set<Codec*> m_live;
};

bool Codec::fail(v8::Isolate* isolate, int ret) {
  std::string message = m_stream.msg ? m_stream.msg : "";
  end();
  switch (ret) {
    case Z_MEM_ERROR:
      throwRangeError(isolate, "Out of memory in the compression stream");
      break;
    case Z_NEED_DICT:
      throwTypeError(isolate, "The compressed data needs a preset dictionary, which is not supported");
      break;
    case Z_DATA_ERROR:
      throwTypeError(isolate, "The compressed data is invalid: " +
                                  (message.empty() ? std::string("corrupt input") : message));
      break;
    default:
      throwTypeError(isolate, "The compression stream failed (zlib error " + std::to_string(ret) +
                                  (message.empty() ? ")" : "): " + message));
      break;
  }
  return false;
}

// Copies the first `used` bytes of the scratch buffer into a new Uint8Array.
bool Codec::emit(v8::Isolate* isolate, size_t used, std::vector<v8::Local<v8::Value>>& out) {
  if (used == 0) return true;
  std::unique_ptr<v8::BackingStore> store =
      v8::ArrayBuffer::NewBackingStore(isolate, used);
  if (!store || (used && !store->Data())) {
    end();
    throwRangeError(isolate, "Array buffer allocation failed for the compression output");
    return false;
  }
  std::memcpy(store->Data(), m_scratch.get(), used);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  out.push_back(v8::Uint8Array::New(buffer, 0, used));
  return true;
}

bool Codec::run(v8::Isolate* isolate, const uint8_t* input, size_t length, bool finish,
                std::vector<v8::Local<v8::Value>>& out) {
  if (!m_live) {
    throwTypeError(isolate, "The compression stream has already been closed");
    return false;
  }
  if (!m_compress && m_done) {
    // Only empty chunks may follow the end of the compressed data.
    if (length == 0) {
      if (finish) end();
      return true;
    }
    end();
    throwTypeError(isolate, "Junk found after the end of the compressed data");
    return false;
  }
  if (!m_scratch) {
    m_scratchSize = kInitialScratch;
    m_scratch.reset(new uint8_t[m_scratchSize]);
  }
  // Compression with finish runs until Z_STREAM_END; everything else until all
  // of the input is taken and a call left room in the output (nothing pending).
  bool untilEnd = m_compress && finish;
  size_t remaining = length;
  const uint8_t* next = input;
  m_stream.avail_in = 0;
  size_t used = 0;
  for (;;) {
    if (m_stream.avail_in == 0 && remaining) {
      size_t slice = std::min(remaining, kMaxSlice);
      m_stream.next_in = const_cast<Bytef*>(next);
      m_stream.avail_in = static_cast<uInt>(slice);
      next += slice;
      remaining -= slice;
    }
    if (used == m_scratchSize) {
      if (!emit(isolate, used, out)) return false;
      used = 0;
      // Large output: fewer, bigger pieces.
      if (m_scratchSize < kMaxScratch) {
        m_scratchSize *= 2;
        m_scratch.reset(new uint8_t[m_scratchSize]);
      }
    }
    m_stream.next_out = m_scratch.get() + used;
    m_stream.avail_out = static_cast<uInt>(m_scratchSize - used);
    int ret = m_compress ? deflate(&m_stream, untilEnd && remaining == 0 ? Z_FINISH : Z_NO_FLUSH)
                         : inflate(&m_stream, Z_NO_FLUSH);
    used = m_scratchSize - m_stream.avail_out;
    if (ret == Z_STREAM_END) {
      if (!m_compress) {
        m_done = true;
        if (m_stream.avail_in || remaining) {
          end();
          throwTypeError(isolate, "Junk found after the end of the compressed data");
          return false;
        }
      }
      break;
    }
    bool inputTaken = m_stream.avail_in == 0 && remaining == 0;
    // Z_BUF_ERROR: no progress possible, i.e. nothing left to do with this input.
    if (ret == Z_BUF_ERROR && inputTaken && !untilEnd) break;
    if (ret != Z_OK) return fail(isolate, ret);
    if (inputTaken && m_stream.avail_out != 0 && !untilEnd) break;
  }
  if (!emit(isolate, used, out)) return false;
  if (finish) {
    if (!m_compress && !m_done) {
      end();
      throwTypeError(isolate, "The compressed data ended before the end of the stream (unexpected end of input)");
      return false;
    }
    end();
  }
  return true;
}

// The bytes of an ArrayBuffer or a view on one (not shared); false otherwise.
bool bufferSourceBytes(v8::Local<v8::Value> value, const uint8_t** data, size_t* length) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    v8::Local<v8::ArrayBuffer> buffer = view->Buffer();
    if (buffer->IsSharedArrayBuffer()) return false;
    *length = view->ByteLength();
    *data = *length ? static_cast<const uint8_t*>(buffer->Data()) + view->ByteOffset() : nullptr;
    return true;
  }
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    *length = buffer->ByteLength();
    *data = static_cast<const uint8_t*>(buffer->Data());
    return true;
  }
  return false;
}

void onHandleCollected(const v8::WeakCallbackInfo<Codec>& data) {
  Codec* codec = data.GetParameter();
  codec->m_handle.Reset();
  // Freeing and telling V8 about it may use the API: do it in the second pass.
  data.SetSecondPassCallback([](const v8::WeakCallbackInfo<Codec>& data) {
    Codec* codec = data.GetParameter();
    codec->unreportMemory(data.GetIsolate());
    codec->m_table.remove(codec);
    delete codec;
  });
}

// op_compression_create(format, compress) -> handle
void opCreate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  int format = info[0]->Int32Value(context).FromMaybe(-1);
  if (format < 0 || format > static_cast<int>(Format::kGzip)) {
    return throwTypeError(isolate, "Unsupported compression format");
  }
  CodecTable& table = Runtime::from(isolate).state<CodecTable>();
  v8::Local<v8::Object> handle;
  if (!table.handleTemplate(isolate)->NewInstance(context).ToLocal(&handle)) return;
  auto codec = std::make_unique<Codec>(table, info[1]->IsTrue());
  int ret = codec->init(static_cast<Format>(format));
  if (ret == Z_MEM_ERROR) return throwRangeError(isolate, "Out of memory creating the compression stream");
  if (ret != Z_OK) return throwTypeError(isolate, "Could not create the compression stream");
  handle->SetAlignedPointerInInternalField(0, codec.get());
  codec->m_handle.Reset(isolate, handle);
  codec->m_handle.SetWeak(codec.get(), onHandleCollected, v8::WeakCallbackType::kParameter);
  codec->reportMemory(isolate);
  table.add(codec.release());
  info.GetReturnValue().Set(handle);
}

void returnPieces(const v8::FunctionCallbackInfo<v8::Value>& info,
                  std::vector<v8::Local<v8::Value>>& pieces) {
  info.GetReturnValue().Set(v8::Array::New(info.GetIsolate(), pieces.data(), pieces.size()));
}

// op_compression_push(handle, chunk) -> Uint8Array[] (possibly empty)
void opPush(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  CodecTable& table = Runtime::from(isolate).state<CodecTable>();
  Codec* codec = table.lookup(isolate, info[0]);
  if (!codec) return;
  const uint8_t* data = nullptr;
  size_t length = 0;
  if (!bufferSourceBytes(info[1], &data, &length)) {
    return throwTypeError(isolate, "The chunk is not a BufferSource (an ArrayBuffer or a view on one; shared memory is not allowed)");
  }
  std::vector<v8::Local<v8::Value>> pieces;
  bool ok = codec->run(isolate, data, length, false, pieces);
  codec->reportMemory(isolate);
  if (!ok) return;
  returnPieces(info, pieces);
}

// op_compression_finish(handle) -> Uint8Array[]: the rest of the output; for
// decompression, throws unless the compressed stream ended.
void opFinish(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  CodecTable& table = Runtime::from(isolate).state<CodecTable>();
  Codec* codec = table.lookup(isolate, info[0]);
  if (!codec) return;
  std::vector<v8::Local<v8::Value>> pieces;
  bool ok = codec->run(isolate, nullptr, 0, true, pieces);
  codec->reportMemory(isolate);
  if (!ok) return;
  returnPieces(info, pieces);
}

// op_compression_free(handle): releases the codec now (closed, errored or
// cancelled streams); a no-op for one already freed.
void opFree(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsObject() || info[0].As<v8::Object>()->InternalFieldCount() != 1) return;
  auto handle = info[0].As<v8::Object>();
  auto* codec = static_cast<Codec*>(handle->GetAlignedPointerFromInternalField(0));
  CodecTable& table = Runtime::from(isolate).state<CodecTable>();
  if (!codec || !table.contains(codec)) return;
  handle->SetAlignedPointerInInternalField(0, nullptr);
  codec->unreportMemory(isolate);
  table.remove(codec);
  delete codec;
}

}  // namespace

void installCompressionOps(OpsBuilder& ops) {
  ops.add("op_compression_create", opCreate, 2);
  ops.add("op_compression_push", opPush, 2);
  ops.add("op_compression_finish", opFinish, 1);
  ops.add("op_compression_free", opFree, 1);
}

}  // namespace nano
