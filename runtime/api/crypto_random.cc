#include "crypto_random.h"

#include <openssl/rand.h>

#include <cstdint>
#include <string>

#include "../core/errors.h"

namespace nano {

namespace {

// WebCrypto §10.1.1: at most 65536 bytes per call.
constexpr size_t kMaxRandomBytes = 65536;

// op_crypto_get_random_values(view): fills the integer typed array in place,
// at its byte offset in the backing store. Validation lives here so the op is
// safe whatever JS passes it.
void opGetRandomValues(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Value> value = info[0];
  if (!value->IsArrayBufferView()) {
    return throwTypeError(isolate,
                          "Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of "
                          "type 'ArrayBufferView'");
  }
  // The IDL type has no [AllowShared].
  if (value.As<v8::ArrayBufferView>()->Buffer()->IsSharedArrayBuffer()) {
    return throwTypeError(isolate,
                          "Failed to execute 'getRandomValues' on 'Crypto': The provided "
                          "ArrayBufferView value must not be shared.");
  }
  if (value->IsFloat32Array() || value->IsFloat64Array() || value->IsDataView()) {
    return throwDOMException(isolate,
                             "Failed to execute 'getRandomValues' on 'Crypto': The provided "
                             "ArrayBufferView is of type '" +
                                 toStdString(isolate, value.As<v8::Object>()->GetConstructorName()) +
                                 "', which is not an integer array type.",
                             "TypeMismatchError");
  }
  auto view = value.As<v8::ArrayBufferView>();
  size_t length = view->ByteLength();
  if (length > kMaxRandomBytes) {
    return throwDOMException(isolate,
                             "Failed to execute 'getRandomValues' on 'Crypto': The "
                             "ArrayBufferView's byte length (" +
                                 std::to_string(length) +
                                 ") exceeds the number of bytes of entropy available via this API "
                                 "(65536).",
                             "QuotaExceededError");
  }
  info.GetReturnValue().Set(view);
  if (length == 0) return;
  // Buffer() moves a small on-heap typed array off-heap; the view stays the same object.
  std::shared_ptr<v8::BackingStore> store = view->Buffer()->GetBackingStore();
  auto* bytes = static_cast<unsigned char*>(store->Data()) + view->ByteOffset();
  if (RAND_bytes(bytes, static_cast<int>(length)) != 1) {
    return throwDOMException(isolate, "The random number generator failed.", "OperationError");
  }
}

// op_crypto_random_uuid(): RFC 9562 version 4 UUID, lowercase.
void opRandomUuid(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  unsigned char bytes[16];  // fixed size by definition of a UUID, not user data
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return throwDOMException(isolate, "The random number generator failed.", "OperationError");
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  char text[36];
  size_t out = 0;
  for (size_t i = 0; i < sizeof bytes; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text[out++] = '-';
    text[out++] = kHex[bytes[i] >> 4];
    text[out++] = kHex[bytes[i] & 0x0f];
  }
  info.GetReturnValue().Set(
      v8::String::NewFromOneByte(isolate, reinterpret_cast<const uint8_t*>(text),
                                 v8::NewStringType::kNormal, sizeof text)
          .ToLocalChecked());
}

}  // namespace

void installCryptoRandomOps(OpsBuilder& ops) {
  ops.add("op_crypto_get_random_values", opGetRandomValues, 1);
  ops.add("op_crypto_random_uuid", opRandomUuid, 0);
}

}  // namespace nano
