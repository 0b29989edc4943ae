// HMAC sign/verify (WebCrypto §29). Keys are secret byte strings; generation
// and import are the generic secret-key ops of keys.cc.
#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

bool hmac(const char* digest, const Bytes& key, Input& data, Bytes& out) {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);  // fetched once
  if (!mac) return false;
  std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX, EVP_MAC_CTX_free>> ctx(EVP_MAC_CTX_new(mac));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  // An empty key is allowed (imported zero-length raw keys); OpenSSL wants a non-null pointer.
  static const uint8_t kEmpty = 0;
  const uint8_t* keyData = key.empty() ? &kEmpty : key.data();
  if (!ctx || EVP_MAC_init(ctx.get(), keyData, key.size(), params) != 1) return false;
  if (!data.chunks([&](const uint8_t* p, size_t n) { return EVP_MAC_update(ctx.get(), p, n) == 1; })) {
    return false;
  }
  size_t length = 0;
  if (EVP_MAC_final(ctx.get(), nullptr, &length, 0) != 1) return false;
  out = Bytes(length);
  return EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) == 1;
}

struct HmacArgs {
  const char* digest = nullptr;
  KeyPtr key;
  InputPtr data;
};

bool readArgs(const v8::FunctionCallbackInfo<v8::Value>& info, int dataIndex, HmacArgs& args) {
  v8::Isolate* isolate = info.GetIsolate();
  args.digest = opensslDigestName(argString(isolate, info[0]));
  if (!args.digest) {
    throwError(isolate, notSupported("Unrecognized hash algorithm"));
    return false;
  }
  args.key = unwrapKey(isolate, info[1], KeyKind::Secret);
  if (!args.key) return false;
  args.data = readInput(isolate, info[dataIndex], "data");
  return args.data != nullptr;
}

// op_subtle_hmac_sign(hash, handle, data) -> Promise<ArrayBuffer>
void opHmacSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  HmacArgs args;
  if (!readArgs(info, 2, args)) return;
  bool offThread = args.data->size() > kInlineLimit;
  InputPtr input = args.data;
  info.GetReturnValue().Set(runJob(info.GetIsolate(), offThread, [args = std::move(args)]() -> JobResult {
    Bytes mac;
    if (!hmac(args.digest, args.key->secret(), *args.data, mac)) {
      return operationError(opensslReason("HMAC failed"));
    }
    mac.setPublic();
    return JobResult::bytes(std::move(mac));
  }, input));
}

// op_subtle_hmac_verify(hash, handle, signature, data) -> Promise<boolean>
void opHmacVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  HmacArgs args;
  if (!readArgs(info, 3, args)) return;
  Bytes signature;
  if (!copyBytes(info[2], signature)) return throwTypeError(isolate, "signature is not a BufferSource");
  bool offThread = args.data->size() > kInlineLimit;
  InputPtr input = args.data;
  info.GetReturnValue().Set(runJob(
      isolate, offThread, [args = std::move(args), signature = std::move(signature)]() -> JobResult {
        Bytes mac;
        if (!hmac(args.digest, args.key->secret(), *args.data, mac)) {
          return operationError(opensslReason("HMAC failed"));
        }
        bool ok = mac.size() == signature.size() &&
                  CRYPTO_memcmp(mac.data(), signature.data(), mac.size()) == 0;
        return JobResult::boolean(ok);
      }, input));
}

}  // namespace

void installHmacOps(OpsBuilder& ops) {
  ops.add("op_subtle_hmac_sign", opHmacSign, 3);
  ops.add("op_subtle_hmac_verify", opHmacVerify, 4);
}

}  // namespace nano::subtle
