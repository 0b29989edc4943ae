// HKDF and PBKDF2 (WebCrypto §32-33) on OpenSSL's EVP_KDF. Base keys are
// secret byte strings (keys.cc); JS turned the bit length into bytes.
#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

// PBKDF2 with more iterations than this runs on the threadpool.
constexpr double kInlineIterations = 1000;

using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;

// OpenSSL wants a non-null pointer even for an empty octet string.
uint8_t* bytesOf(const Bytes& bytes) {
  static uint8_t empty = 0;
  return bytes.empty() ? &empty : const_cast<uint8_t*>(bytes.data());
}

JobResult derive(const char* kdfName, const OSSL_PARAM* params, size_t length) {
  static EVP_KDF* hkdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  static EVP_KDF* pbkdf2 = EVP_KDF_fetch(nullptr, "PBKDF2", nullptr);
  EVP_KDF* kdf = std::string_view(kdfName) == "HKDF" ? hkdf : pbkdf2;
  if (!kdf) return operationError("The KDF is not available");
  if (length == 0) return JobResult::bytes(Bytes());
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
  Bytes out(length);
  if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    return operationError(opensslReason(std::string(kdfName) + " derivation failed"));
  }
  return JobResult::bytes(std::move(out));
}

struct KdfArgs {
  const char* digest = nullptr;
  KeyPtr key;
  Bytes salt;
  Bytes extra;  // HKDF info
  double number = 0;  // PBKDF2 iterations
  size_t length = 0;
};

bool readArgs(const v8::FunctionCallbackInfo<v8::Value>& info, bool hkdf, KdfArgs& args) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  args.digest = opensslDigestName(argString(isolate, info[0]));
  if (!args.digest) {
    throwError(isolate, notSupported("Unrecognized hash algorithm"));
    return false;
  }
  args.key = unwrapKey(isolate, info[1], KeyKind::Secret);
  if (!args.key) return false;
  if (!copyBytes(info[2], args.salt) || (hkdf && !copyBytes(info[3], args.extra))) {
    throwTypeError(isolate, "salt and info must be BufferSources");
    return false;
  }
  if (!hkdf) args.number = info[3]->NumberValue(context).FromMaybe(0);
  double length = info[4]->NumberValue(context).FromMaybe(-1);
  // Far beyond what either KDF may produce (HKDF: 255 hash lengths).
  if (!(length >= 0 && length <= (1 << 28))) {
    throwError(isolate, operationError("Invalid length"));
    return false;
  }
  args.length = static_cast<size_t>(length);
  return true;
}

// op_subtle_hkdf(hash, handle, salt, info, byteLength) -> Promise<ArrayBuffer>
void opHkdf(const v8::FunctionCallbackInfo<v8::Value>& info) {
  KdfArgs args;
  if (!readArgs(info, true, args)) return;
  bool offThread = args.key->secret().size() + args.salt.size() + args.extra.size() + args.length > kInlineLimit;
  info.GetReturnValue().Set(runJob(info.GetIsolate(), offThread, [args = std::move(args)] {
    const Bytes& key = args.key->secret();
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(args.digest), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, bytesOf(key), key.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, bytesOf(args.salt), args.salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, bytesOf(args.extra), args.extra.size()),
        OSSL_PARAM_construct_end()};
    return derive("HKDF", params, args.length);
  }));
}

// op_subtle_pbkdf2(hash, handle, salt, iterations, byteLength) -> Promise<ArrayBuffer>
void opPbkdf2(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KdfArgs args;
  if (!readArgs(info, false, args)) return;
  if (!(args.number >= 1 && args.number <= 4294967295.0)) {
    return throwError(isolate, operationError("The iteration count must be at least 1"));
  }
  bool offThread = args.number > kInlineIterations || args.salt.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(isolate, offThread, [args = std::move(args)] {
    const Bytes& key = args.key->secret();
    uint64_t iterations = static_cast<uint64_t>(args.number);
    // pkcs5 = 1 turns the SP 800-132 lower-bound checks off: WebCrypto allows
    // any salt, iteration count and length.
    int pkcs5 = 1;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(args.digest), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, bytesOf(key), key.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, bytesOf(args.salt), args.salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
        OSSL_PARAM_construct_end()};
    return derive("PBKDF2", params, args.length);
  }));
}

}  // namespace

void installKdfOps(OpsBuilder& ops) {
  ops.add("op_subtle_hkdf", opHkdf, 5);
  ops.add("op_subtle_pbkdf2", opPbkdf2, 5);
}

}  // namespace nano::subtle
