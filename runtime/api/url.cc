#include "url.h"

#include <ada.h>
#include <simdutf.h>

#include <string>
#include <vector>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// Slots of ops.op_url_components, in ada::url_components order plus the scheme type.
enum ComponentSlot : size_t {
  kProtocolEnd,
  kUsernameEnd,
  kHostStart,
  kHostEnd,
  kPort,
  kPathnameStart,
  kSearchStart,
  kHashStart,
  kSchemeType,
  kComponentCount,
};

// Which setter op_url_update applies; 12_url.js passes these numbers.
enum class Setter : int {
  kHref = 0,
  kProtocol,
  kUsername,
  kPassword,
  kHost,
  kHostname,
  kPort,
  kPathname,
  kSearch,
  kHash,
};

// Keeps the shared components array's memory alive for the runtime's lifetime;
// the ops that write it get the pointer as their function data.
struct UrlState {
  explicit UrlState(Runtime&) {}
  std::shared_ptr<v8::BackingStore> store;
};

uint32_t* componentSlots(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return static_cast<uint32_t*>(info.Data().As<v8::External>()->Value());
}

// Arguments come from 12_url.js already converted to USVString, so lone
// surrogates cannot occur; replacing them anyway keeps the bytes valid UTF-8.
bool toUtf8(v8::Isolate* isolate, v8::Local<v8::Value> value, std::string* out) {
  if (!value->IsString()) return false;
  v8::Local<v8::String> string = value.As<v8::String>();
  if (string->IsOneByte()) {
    // Most URLs: Latin-1 storage that is all ASCII, which already is UTF-8.
    std::string latin1(static_cast<size_t>(string->Length()), '\0');
    string->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(latin1.data()), 0, string->Length(),
                         v8::String::NO_NULL_TERMINATION);
    if (simdutf::validate_ascii(latin1.data(), latin1.size())) {
      *out = std::move(latin1);
      return true;
    }
    out->resize(simdutf::utf8_length_from_latin1(latin1.data(), latin1.size()));
    out->resize(simdutf::convert_latin1_to_utf8(latin1.data(), latin1.size(), out->data()));
    return true;
  }
  out->resize(static_cast<size_t>(string->Utf8Length(isolate)));
  string->WriteUtf8(isolate, out->data(), static_cast<int>(out->size()), nullptr,
                    v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  return true;
}

// Invalid UTF-8 (from percent-decoding) becomes U+FFFD, as "UTF-8 decode without BOM" says.
bool toV8(v8::Isolate* isolate, std::string_view text, v8::Local<v8::Value>* out) {
  v8::Local<v8::String> string;
  bool made = false;
  if (text.size() <= static_cast<size_t>(v8::String::kMaxLength)) {
    int length = static_cast<int>(text.size());
    // Serialized URLs are ASCII: skip UTF-8 decoding for them.
    made = simdutf::validate_ascii(text.data(), text.size())
               ? v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(text.data()),
                                            v8::NewStringType::kNormal, length)
                     .ToLocal(&string)
               : v8::String::NewFromUtf8(isolate, text.data(), v8::NewStringType::kNormal, length)
                     .ToLocal(&string);
  }
  if (!made) {
    throwRangeError(isolate, "URL: the result is longer than the maximum string length");
    return false;
  }
  *out = string;
  return true;
}

// Returns the href and publishes the components; false when an exception is pending.
bool returnUrl(const v8::FunctionCallbackInfo<v8::Value>& info, const ada::url_aggregator& url) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Value> href;
  if (!toV8(isolate, url.get_href(), &href)) return false;
  const ada::url_components& c = url.get_components();
  uint32_t* slots = componentSlots(info);
  slots[kProtocolEnd] = c.protocol_end;
  slots[kUsernameEnd] = c.username_end;
  slots[kHostStart] = c.host_start;
  slots[kHostEnd] = c.host_end;
  slots[kPort] = c.port;
  slots[kPathnameStart] = c.pathname_start;
  slots[kSearchStart] = c.search_start;
  slots[kHashStart] = c.hash_start;
  slots[kSchemeType] = static_cast<uint32_t>(url.type);
  info.GetReturnValue().Set(href);
  return true;
}

// op_url_parse(input, base?) -> href, or undefined when either fails to parse.
void opUrlParse(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string input;
  if (!toUtf8(isolate, info[0], &input)) return throwTypeError(isolate, "op_url_parse: input must be a string");
  if (info[1]->IsUndefined()) {
    auto url = ada::parse<ada::url_aggregator>(input);
    if (url) returnUrl(info, *url);
    return;
  }
  std::string baseInput;
  if (!toUtf8(isolate, info[1], &baseInput)) return throwTypeError(isolate, "op_url_parse: base must be a string");
  auto base = ada::parse<ada::url_aggregator>(baseInput);
  if (!base) return;
  auto url = ada::parse<ada::url_aggregator>(input, &*base);
  if (url) returnUrl(info, *url);
}

// op_url_can_parse(input, base?) -> boolean, without building a string.
void opUrlCanParse(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string input;
  if (!toUtf8(isolate, info[0], &input)) return throwTypeError(isolate, "op_url_can_parse: input must be a string");
  if (info[1]->IsUndefined()) {
    info.GetReturnValue().Set(ada::can_parse(input));
    return;
  }
  std::string baseInput;
  if (!toUtf8(isolate, info[1], &baseInput)) return throwTypeError(isolate, "op_url_can_parse: base must be a string");
  std::string_view baseView = baseInput;
  info.GetReturnValue().Set(ada::can_parse(input, &baseView));
}

// op_url_update(href, setter, value) -> the new href, or undefined when the
// setter failed (the URL keeps its old value, as the spec's setters do).
void opUrlUpdate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string href;
  std::string value;
  if (!toUtf8(isolate, info[0], &href) || !toUtf8(isolate, info[2], &value)) {
    return throwTypeError(isolate, "op_url_update: href and value must be strings");
  }
  auto url = ada::parse<ada::url_aggregator>(href);
  if (!url) return;
  int setter = info[1]->Int32Value(isolate->GetCurrentContext()).FromMaybe(-1);
  bool ok = true;
  switch (static_cast<Setter>(setter)) {
    case Setter::kHref: ok = url->set_href(value); break;
    case Setter::kProtocol: ok = url->set_protocol(value); break;
    case Setter::kUsername: ok = url->set_username(value); break;
    case Setter::kPassword: ok = url->set_password(value); break;
    case Setter::kHost: ok = url->set_host(value); break;
    case Setter::kHostname: ok = url->set_hostname(value); break;
    case Setter::kPort: ok = url->set_port(value); break;
    case Setter::kPathname: ok = url->set_pathname(value); break;
    case Setter::kSearch: url->set_search(value); break;
    case Setter::kHash: url->set_hash(value); break;
    default: return throwRangeError(isolate, "op_url_update: unknown setter");
  }
  if (ok) returnUrl(info, *url);
}

// op_url_search_params_parse(string) -> [name0, value0, name1, value1, ...]
// (application/x-www-form-urlencoded parser; a leading "?" is dropped).
void opSearchParamsParse(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string input;
  if (!toUtf8(isolate, info[0], &input)) {
    return throwTypeError(isolate, "op_url_search_params_parse: input must be a string");
  }
  ada::url_search_params params(input);
  std::vector<v8::Local<v8::Value>> items;
  items.reserve(params.size() * 2);
  for (const auto& [name, value] : params) {
    v8::Local<v8::Value> name8;
    v8::Local<v8::Value> value8;
    if (!toV8(isolate, name, &name8) || !toV8(isolate, value, &value8)) return;
    items.push_back(name8);
    items.push_back(value8);
  }
  info.GetReturnValue().Set(v8::Array::New(isolate, items.data(), items.size()));
}

// op_url_search_params_stringify([name0, value0, ...]) -> urlencoded string.
void opSearchParamsStringify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[0]->IsArray()) {
    return throwTypeError(isolate, "op_url_search_params_stringify: expected an array");
  }
  v8::Local<v8::Array> items = info[0].As<v8::Array>();
  uint32_t length = items->Length();
  ada::url_search_params params;
  std::string name;
  std::string value;
  for (uint32_t i = 0; i + 1 < length; i += 2) {
    v8::Local<v8::Value> nameValue;
    v8::Local<v8::Value> valueValue;
    if (!items->Get(context, i).ToLocal(&nameValue) || !items->Get(context, i + 1).ToLocal(&valueValue)) return;
    if (!toUtf8(isolate, nameValue, &name) || !toUtf8(isolate, valueValue, &value)) {
      return throwTypeError(isolate, "op_url_search_params_stringify: names and values must be strings");
    }
    params.append(name, value);
  }
  v8::Local<v8::Value> result;
  if (toV8(isolate, params.to_string(), &result)) info.GetReturnValue().Set(result);
}

// A constructor whose instances carry an internal field: V8's serializer hands
// such host objects to the clone delegate, which refuses them (URL and
// URLSearchParams are not serializable). 12_url.js points its prototype at the
// interface prototype before first use.
v8::Local<v8::Function> platformObjectConstructor(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                                  std::string_view name) {
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate);
  tmpl->SetClassName(toV8String(isolate, name));
  tmpl->InstanceTemplate()->SetInternalFieldCount(1);
  return tmpl->GetFunction(context).ToLocalChecked();
}

}  // namespace

void installUrlOps(OpsBuilder& ops) {
  v8::Isolate* isolate = ops.isolate();
  v8::Local<v8::Context> context = ops.context();
  UrlState& state = Runtime::from(isolate).state<UrlState>();
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, kComponentCount * sizeof(uint32_t));
  state.store = buffer->GetBackingStore();
  ops.addValue("op_url_components", v8::Uint32Array::New(buffer, 0, kComponentCount));
  // The ops that publish components carry the slots as data: no per-call lookup.
  v8::Local<v8::External> slots = v8::External::New(isolate, state.store->Data());
  auto addWithSlots = [&](std::string_view name, v8::FunctionCallback callback, int length) {
    v8::Local<v8::Function> fn =
        v8::Function::New(context, callback, slots, length, v8::ConstructorBehavior::kThrow).ToLocalChecked();
    fn->SetName(toV8String(isolate, name));
    ops.addValue(name, fn);
  };
  addWithSlots("op_url_parse", opUrlParse, 2);
  addWithSlots("op_url_update", opUrlUpdate, 3);
  ops.add("op_url_can_parse", opUrlCanParse, 2);
  ops.addValue("op_url_platform_url", platformObjectConstructor(isolate, context, "URL"));
  ops.addValue("op_url_platform_search_params", platformObjectConstructor(isolate, context, "URLSearchParams"));
  ops.add("op_url_search_params_parse", opSearchParamsParse, 1);
  ops.add("op_url_search_params_stringify", opSearchParamsStringify, 1);
}

}  // namespace nano
