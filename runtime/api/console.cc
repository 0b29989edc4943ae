#include "console.h"

#include <unistd.h>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

void opConsolePrint(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Runtime& runtime = Runtime::from(isolate);
  // Write straight from V8's flat string: no fixed buffer, no size limit.
  v8::Local<v8::String> text;
  if (!info[0]->ToString(isolate->GetCurrentContext()).ToLocal(&text)) return;
  std::string utf8(text->Utf8Length(isolate), '\0');
  text->WriteUtf8(isolate, utf8.data(), static_cast<int>(utf8.size()), nullptr,
                  v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  runtime.write(info[1]->IsTrue() ? OutputStream::Stderr : OutputStream::Stdout, utf8);
}

// Kinds of values JS cannot tell apart without side effects; the numbers are
// mirrored by kType in 04_console.js.
enum class ValueType {
  kOther = 0,
  kProxy,
  kArray,
  kMap,
  kSet,
  kMapIterator,
  kSetIterator,
  kWeakMap,
  kWeakSet,
  kDate,
  kRegExp,
  kNativeError,
  kPromise,
  kArguments,
  kModuleNamespace,
  kArrayBuffer,
  kSharedArrayBuffer,
  kDataView,
  kTypedArray,
  kNumberObject,
  kStringObject,
  kBooleanObject,
  kBigIntObject,
  kSymbolObject,
  kExternal,
  kFunction,
  kAsyncFunction,
  kGeneratorFunction,
  kAsyncGeneratorFunction,
};

ValueType typeOf(v8::Local<v8::Value> v) {
  if (!v->IsObject()) return ValueType::kOther;
  if (v->IsProxy()) return ValueType::kProxy;
  if (v->IsFunction()) {
    bool async = v->IsAsyncFunction();
    bool generator = v->IsGeneratorFunction();
    if (async && generator) return ValueType::kAsyncGeneratorFunction;
    if (async) return ValueType::kAsyncFunction;
    if (generator) return ValueType::kGeneratorFunction;
    return ValueType::kFunction;
  }
  if (v->IsArray()) return ValueType::kArray;
  if (v->IsMap()) return ValueType::kMap;
  if (v->IsSet()) return ValueType::kSet;
  if (v->IsMapIterator()) return ValueType::kMapIterator;
  if (v->IsSetIterator()) return ValueType::kSetIterator;
  if (v->IsWeakMap()) return ValueType::kWeakMap;
  if (v->IsWeakSet()) return ValueType::kWeakSet;
  if (v->IsDate()) return ValueType::kDate;
  if (v->IsRegExp()) return ValueType::kRegExp;
  if (v->IsNativeError()) return ValueType::kNativeError;
  if (v->IsPromise()) return ValueType::kPromise;
  if (v->IsArgumentsObject()) return ValueType::kArguments;
  if (v->IsModuleNamespaceObject()) return ValueType::kModuleNamespace;
  if (v->IsArrayBuffer()) return ValueType::kArrayBuffer;
  if (v->IsSharedArrayBuffer()) return ValueType::kSharedArrayBuffer;
  if (v->IsDataView()) return ValueType::kDataView;
  if (v->IsTypedArray()) return ValueType::kTypedArray;
  if (v->IsNumberObject()) return ValueType::kNumberObject;
  if (v->IsStringObject()) return ValueType::kStringObject;
  if (v->IsBooleanObject()) return ValueType::kBooleanObject;
  if (v->IsBigIntObject()) return ValueType::kBigIntObject;
  if (v->IsSymbolObject()) return ValueType::kSymbolObject;
  if (v->IsExternal()) return ValueType::kExternal;
  return ValueType::kOther;
}

// op_console_type(value) -> ValueType number. Never runs user code (no proxy traps).
void opConsoleType(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<int>(typeOf(info[0])));
}

// op_console_proxy_details(value, withHandler) -> undefined when value is not a
// proxy; else its target (null once revoked), or [target, handler].
void opConsoleProxyDetails(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsProxy()) return;
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Proxy> proxy = info[0].As<v8::Proxy>();
  v8::Local<v8::Value> target = proxy->GetTarget();
  if (!info[1]->IsTrue()) {
    info.GetReturnValue().Set(target);
    return;
  }
  v8::Local<v8::Value> pair[] = {target, proxy->GetHandler()};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

// op_console_promise_state(promise) -> [0 pending | 1 fulfilled | 2 rejected, result].
void opConsolePromiseState(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsPromise()) {
    throwTypeError(isolate, "op_console_promise_state: argument is not a Promise");
    return;
  }
  v8::Local<v8::Promise> promise = info[0].As<v8::Promise>();
  v8::Promise::PromiseState state = promise->State();
  int code = state == v8::Promise::kPending ? 0 : state == v8::Promise::kFulfilled ? 1 : 2;
  v8::Local<v8::Value> result =
      code == 0 ? v8::Undefined(isolate).As<v8::Value>() : promise->Result();
  v8::Local<v8::Value> pair[] = {v8::Integer::New(isolate, code), result};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

// op_console_preview_entries(object) -> [entries, isKeyValue] for Map/Set
// iterators and weak collections (key/value entries come flattened: k, v, k, v).
void opConsolePreviewEntries(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsObject()) {
    throwTypeError(isolate, "op_console_preview_entries: argument is not an object");
    return;
  }
  bool isKeyValue = false;
  v8::Local<v8::Array> entries;
  if (!info[0].As<v8::Object>()->PreviewEntries(&isKeyValue).ToLocal(&entries)) return;
  v8::Local<v8::Value> pair[] = {entries, v8::Boolean::New(isolate, isKeyValue)};
  info.GetReturnValue().Set(v8::Array::New(isolate, pair, 2));
}

// op_console_non_index_keys(object, onlyEnumerable) -> own string and symbol
// keys that are not array indices; avoids listing millions of array elements.
void opConsoleNonIndexKeys(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsObject()) {
    throwTypeError(isolate, "op_console_non_index_keys: argument is not an object");
    return;
  }
  auto filter = info[1]->IsTrue() ? v8::PropertyFilter::ONLY_ENUMERABLE
                                  : v8::PropertyFilter::ALL_PROPERTIES;
  v8::Local<v8::Array> keys;
  if (info[0]
          .As<v8::Object>()
          ->GetPropertyNames(isolate->GetCurrentContext(), v8::KeyCollectionMode::kOwnOnly,
                             filter, v8::IndexFilter::kSkipIndices,
                             v8::KeyConversionMode::kKeepNumbers)
          .ToLocal(&keys))
    info.GetReturnValue().Set(keys);
}

// op_console_constructor_name(object) -> V8's idea of the constructor name
// (used when no prototype has a usable "constructor" property).
void opConsoleConstructorName(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsObject()) return;
  info.GetReturnValue().Set(info[0].As<v8::Object>()->GetConstructorName());
}

// op_console_is_tty() -> whether console output reaches a terminal (console.clear).
void opConsoleIsTty(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const Runtime& runtime = Runtime::from(info.GetIsolate());
  info.GetReturnValue().Set(!runtime.options().output && isatty(STDOUT_FILENO) == 1);
}

}  // namespace

void installConsoleOps(OpsBuilder& ops) {
  ops.add("op_console_print", opConsolePrint, 2);
  ops.add("op_console_type", opConsoleType, 1);
  ops.add("op_console_proxy_details", opConsoleProxyDetails, 2);
  ops.add("op_console_promise_state", opConsolePromiseState, 1);
  ops.add("op_console_preview_entries", opConsolePreviewEntries, 1);
  ops.add("op_console_non_index_keys", opConsoleNonIndexKeys, 2);
  ops.add("op_console_constructor_name", opConsoleConstructorName, 1);
  ops.add("op_console_is_tty", opConsoleIsTty, 0);
}

}  // namespace nano
