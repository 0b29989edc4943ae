#include "clone.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// Host objects (API objects with an embedder field, e.g. instances of classes
// extending ops.HostObject) are written as a list of strings that JS produces
// (internals.serializeHostObject) and turns back into an object
// (internals.deserializeHostObject). Strings are written as their UTF-16 length
// followed by the code units, so nothing here limits their size.
constexpr uint32_t kMaxHostObjectParts = 1024;

void throwDataCloneError(v8::Isolate* isolate, std::string_view message) {
  throwDOMException(isolate, message, "DataCloneError");
}

// Everything one structuredClone call moves from the serializing side to the
// deserializing side besides the byte stream: shared memory and wasm modules
// travel by reference (same isolate), transferred buffers by backing store.
struct CloneState {
  std::vector<v8::Global<v8::SharedArrayBuffer>> sharedBuffers;
  std::vector<v8::Global<v8::WasmModuleObject>> wasmModules;
};

class SerializerDelegate final : public v8::ValueSerializer::Delegate {
 public:
  SerializerDelegate(v8::Isolate* isolate, CloneState& state) : m_isolate(isolate), m_state(state) {}

  void setSerializer(v8::ValueSerializer* serializer) { m_serializer = serializer; }

  void ThrowDataCloneError(v8::Local<v8::String> message) override {
    throwDataCloneError(m_isolate, toStdString(m_isolate, message));
  }

  v8::Maybe<uint32_t> GetSharedArrayBufferId(v8::Isolate* isolate,
                                             v8::Local<v8::SharedArrayBuffer> buffer) override {
    auto& buffers = m_state.sharedBuffers;
    for (size_t i = 0; i < buffers.size(); ++i) {
      if (buffers[i] == buffer) return v8::Just(static_cast<uint32_t>(i));
    }
    buffers.emplace_back(isolate, buffer);
    return v8::Just(static_cast<uint32_t>(buffers.size() - 1));
  }

  v8::Maybe<uint32_t> GetWasmModuleTransferId(v8::Isolate* isolate,
                                              v8::Local<v8::WasmModuleObject> module) override {
    auto& modules = m_state.wasmModules;
    modules.emplace_back(isolate, module);
    return v8::Just(static_cast<uint32_t>(modules.size() - 1));
  }

  v8::Maybe<bool> WriteHostObject(v8::Isolate* isolate, v8::Local<v8::Object> object) override {
    Runtime& runtime = Runtime::from(isolate);
    v8::Local<v8::Context> context = runtime.context();
    v8::Local<v8::Function> serialize;
    v8::Local<v8::Value> parts;
    v8::Local<v8::Value> args[] = {object};
    if (!runtime.internalFunction("serializeHostObject").ToLocal(&serialize) ||
        !serialize->Call(context, v8::Undefined(isolate), 1, args).ToLocal(&parts)) {
      return v8::Nothing<bool>();
    }
    if (!parts->IsArray()) {
      // Not a serializable platform object: name it like V8 does for other values.
      v8::Local<v8::String> name = object->GetConstructorName();
      throwDataCloneError(isolate, "#<" + toStdString(isolate, name) + "> could not be cloned.");
      return v8::Nothing<bool>();
    }
    v8::Local<v8::Array> array = parts.As<v8::Array>();
    uint32_t count = array->Length();
    if (count == 0 || count > kMaxHostObjectParts) {
      throwDataCloneError(isolate, "Host object serialization produced an invalid record.");
      return v8::Nothing<bool>();
    }
    m_serializer->WriteUint32(count);
    for (uint32_t i = 0; i < count; ++i) {
      v8::Local<v8::Value> part;
      v8::Local<v8::String> text;
      if (!array->Get(context, i).ToLocal(&part) || !part->ToString(context).ToLocal(&text)) {
        return v8::Nothing<bool>();
      }
      std::u16string units(static_cast<size_t>(text->Length()), u'\0');
      text->Write(isolate, reinterpret_cast<uint16_t*>(units.data()), 0, text->Length(),
                  v8::String::NO_NULL_TERMINATION);
      m_serializer->WriteUint32(static_cast<uint32_t>(units.size()));
      m_serializer->WriteRawBytes(units.data(), units.size() * sizeof(char16_t));
    }
    return v8::Just(true);
  }

 private:
  v8::Isolate* m_isolate;
  CloneState& m_state;
  v8::ValueSerializer* m_serializer = nullptr;
};

class DeserializerDelegate final : public v8::ValueDeserializer::Delegate {
 public:
  explicit DeserializerDelegate(CloneState& state) : m_state(state) {}

  void setDeserializer(v8::ValueDeserializer* deserializer) { m_deserializer = deserializer; }

  v8::MaybeLocal<v8::SharedArrayBuffer> GetSharedArrayBufferFromId(v8::Isolate* isolate,
                                                                   uint32_t id) override {
    if (id >= m_state.sharedBuffers.size()) return invalid(isolate);
    // A new SharedArrayBuffer object over the same memory, as HTML's deserialization creates.
    v8::Local<v8::SharedArrayBuffer> source = m_state.sharedBuffers[id].Get(isolate);
    return v8::SharedArrayBuffer::New(isolate, source->GetBackingStore());
  }

  v8::MaybeLocal<v8::WasmModuleObject> GetWasmModuleFromId(v8::Isolate* isolate,
                                                           uint32_t id) override {
    if (id >= m_state.wasmModules.size()) return invalid(isolate);
    v8::Local<v8::WasmModuleObject> source = m_state.wasmModules[id].Get(isolate);
    return v8::WasmModuleObject::FromCompiledModule(isolate, source->GetCompiledModule());
  }

  v8::MaybeLocal<v8::Object> ReadHostObject(v8::Isolate* isolate) override {
    uint32_t count = 0;
    if (!m_deserializer->ReadUint32(&count) || count == 0 || count > kMaxHostObjectParts) {
      return invalid(isolate);
    }
    std::vector<v8::Local<v8::Value>> parts;
    parts.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t length = 0;
      const void* data = nullptr;
      if (!m_deserializer->ReadUint32(&length) ||
          !m_deserializer->ReadRawBytes(static_cast<size_t>(length) * sizeof(char16_t), &data)) {
        return invalid(isolate);
      }
      // The stream gives no alignment guarantee for the code units.
      std::u16string units(length, u'\0');
      std::memcpy(units.data(), data, static_cast<size_t>(length) * sizeof(char16_t));
      v8::Local<v8::String> text;
      if (!v8::String::NewFromTwoByte(isolate, reinterpret_cast<const uint16_t*>(units.data()),
                                      v8::NewStringType::kNormal, static_cast<int>(length))
               .ToLocal(&text)) {
        return {};
      }
      parts.push_back(text);
    }
    // V8 forbids JS while deserializing; the hooks are the runtime's own code,
    // which builds the platform object from the strings alone.
    v8::Isolate::AllowJavascriptExecutionScope allowJs(isolate);
    Runtime& runtime = Runtime::from(isolate);
    v8::Local<v8::Context> context = runtime.context();
    v8::Local<v8::Function> deserialize;
    v8::Local<v8::Value> result;
    v8::Local<v8::Value> args[] = {v8::Array::New(isolate, parts.data(), parts.size())};
    if (!runtime.internalFunction("deserializeHostObject").ToLocal(&deserialize) ||
        !deserialize->Call(context, v8::Undefined(isolate), 1, args).ToLocal(&result)) {
      return {};
    }
    if (!result->IsObject()) return invalid(isolate);
    return result.As<v8::Object>();
  }

 private:
  // Converts to any MaybeLocal<T>, so every failure path reads `return invalid(isolate);`.
  struct Failure {
    template <class T>
    operator v8::MaybeLocal<T>() const {
      return {};
    }
  };
  static Failure invalid(v8::Isolate* isolate) {
    v8::Isolate::AllowJavascriptExecutionScope allowJs(isolate);  // DOMException is JS
    throwDataCloneError(isolate, "Unable to deserialize cloned data.");
    return {};
  }

  CloneState& m_state;
  v8::ValueDeserializer* m_deserializer = nullptr;
};

// The serializer's buffer (allocated by its delegate with realloc) freed on every path.
struct SerializedData {
  uint8_t* data = nullptr;
  size_t size = 0;
  ~SerializedData() { std::free(data); }
};

std::string indexed(std::string_view what, uint32_t index, std::string_view problem) {
  return std::string(what) + " at index " + std::to_string(index) + " " + std::string(problem);
}

// op_structured_clone(value, transfer): HTML StructuredSerializeWithTransfer
// followed by StructuredDeserializeWithTransfer in the same realm. `transfer`
// is the already WebIDL-converted sequence<object>.
void opStructuredClone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Value> value = info[0];

  std::vector<v8::Local<v8::ArrayBuffer>> transfer;
  if (info[1]->IsArray()) {
    v8::Local<v8::Array> list = info[1].As<v8::Array>();
    uint32_t length = list->Length();
    transfer.reserve(length);
    // Identity hash -> indices already seen, to find duplicates without O(n^2) compares.
    std::unordered_multimap<int, uint32_t> seen;
    for (uint32_t i = 0; i < length; ++i) {
      v8::Local<v8::Value> item;
      if (!list->Get(context, i).ToLocal(&item)) return;
      if (item->IsSharedArrayBuffer()) {
        return throwDataCloneError(isolate, indexed("SharedArrayBuffer", i, "is not transferable."));
      }
      if (!item->IsArrayBuffer()) {
        return throwDataCloneError(isolate,
                                   indexed("Value", i, "does not have a transferable type."));
      }
      v8::Local<v8::ArrayBuffer> buffer = item.As<v8::ArrayBuffer>();
      int hash = buffer->GetIdentityHash();
      auto [begin, end] = seen.equal_range(hash);
      for (auto it = begin; it != end; ++it) {
        if (transfer[it->second] == buffer) {
          return throwDataCloneError(
              isolate, indexed("ArrayBuffer", i,
                               "is a duplicate of an earlier ArrayBuffer. Duplicates cannot be "
                               "transferred."));
        }
      }
      seen.emplace(hash, i);
      transfer.push_back(buffer);
    }
  }

  CloneState state;
  SerializedData serialized;
  {
    SerializerDelegate delegate(isolate, state);
    v8::ValueSerializer serializer(isolate, &delegate);
    delegate.setSerializer(&serializer);
    for (uint32_t i = 0; i < transfer.size(); ++i) serializer.TransferArrayBuffer(i, transfer[i]);
    serializer.WriteHeader();
    bool ok = false;
    if (!serializer.WriteValue(context, value).To(&ok) || !ok) return;
    std::tie(serialized.data, serialized.size) = serializer.Release();
  }

  // Check every buffer before detaching any, so a failed transfer leaves all intact.
  for (uint32_t i = 0; i < transfer.size(); ++i) {
    if (transfer[i]->WasDetached()) {
      return throwDataCloneError(isolate, indexed("ArrayBuffer", i, "is already detached."));
    }
    if (!transfer[i]->IsDetachable()) {
      return throwDataCloneError(
          isolate, indexed("ArrayBuffer", i, "is not detachable and could not be transferred."));
    }
  }
  // The clone takes over the memory; the source is detached (byteLength 0), nothing is copied.
  std::vector<std::shared_ptr<v8::BackingStore>> stores;
  stores.reserve(transfer.size());
  for (v8::Local<v8::ArrayBuffer> buffer : transfer) {
    stores.push_back(buffer->GetBackingStore());
    buffer->Detach();
  }

  DeserializerDelegate delegate(state);
  v8::ValueDeserializer deserializer(isolate, serialized.data, serialized.size, &delegate);
  delegate.setDeserializer(&deserializer);
  for (uint32_t i = 0; i < stores.size(); ++i) {
    deserializer.TransferArrayBuffer(i, v8::ArrayBuffer::New(isolate, std::move(stores[i])));
  }
  bool ok = false;
  if (!deserializer.ReadHeader(context).To(&ok) || !ok) return;
  v8::Local<v8::Value> result;
  if (!deserializer.ReadValue(context).ToLocal(&result)) return;
  info.GetReturnValue().Set(result);
}

// op_array_buffer_transfer(buffer): TransferArrayBuffer of the streams spec. A
// new ArrayBuffer takes over the backing store and the old one is detached;
// structured clone with a transfer list does the same through a serializer
// round trip, which a byte stream would pay for every chunk it enqueues.
void opArrayBufferTransfer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsArrayBuffer()) return throwTypeError(isolate, "expected an ArrayBuffer");
  v8::Local<v8::ArrayBuffer> buffer = info[0].As<v8::ArrayBuffer>();
  if (buffer->WasDetached()) return throwTypeError(isolate, "the ArrayBuffer is detached");
  if (!buffer->IsDetachable()) return throwTypeError(isolate, "the ArrayBuffer is not detachable");
  std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
  buffer->Detach();
  info.GetReturnValue().Set(v8::ArrayBuffer::New(isolate, std::move(store)));
}

// Base class for platform objects that structuredClone writes as host objects:
// its instances carry an embedder field, which is what makes V8's serializer
// hand them to the delegate instead of copying their own properties.
v8::Local<v8::Function> hostObjectBase(v8::Isolate* isolate, v8::Local<v8::Context> context) {
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate);
  tmpl->SetClassName(toV8String(isolate, "HostObject"));
  tmpl->InstanceTemplate()->SetInternalFieldCount(1);
  return tmpl->GetFunction(context).ToLocalChecked();
}

}  // namespace

void installCloneOps(OpsBuilder& ops) {
  ops.add("op_structured_clone", opStructuredClone, 2);
  ops.add("op_array_buffer_transfer", opArrayBufferTransfer, 1);
  ops.addValue("HostObject", hostObjectBase(ops.isolate(), ops.context()));
}

}  // namespace nano
