// Ed25519 / Ed448 signatures and X25519 / X448 key agreement (WebCrypto
// "Secure Curves"): generation and raw/JWK import and export of the octet
// key pairs. spki/pkcs8 are keys.cc; the shared secret is ec.cc's
// op_subtle_derive_secret.
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

struct Okp {
  const char* name;   // WebCrypto
  const char* type;   // OpenSSL
  size_t publicSize;  // raw public key bytes
  size_t privateSize; // raw private key bytes
};

const Okp* okpByName(std::string_view name) {
  static const Okp kAlgorithms[] = {{"Ed25519", "ED25519", 32, 32},
                                    {"X25519", "X25519", 32, 32},
                                    {"Ed448", "ED448", 57, 57},
                                    {"X448", "X448", 56, 56}};
  for (const Okp& okp : kAlgorithms) {
    if (name == okp.name) return &okp;
  }
  return nullptr;
}

const Okp* readOkp(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  const Okp* okp = okpByName(argString(isolate, value));
  if (!okp) throwError(isolate, notSupported("Unsupported algorithm"));
  return okp;
}

bool rawKey(EVP_PKEY* pkey, bool privateKey, Bytes& out) {
  size_t length = 0;
  auto get = privateKey ? EVP_PKEY_get_raw_private_key : EVP_PKEY_get_raw_public_key;
  if (get(pkey, nullptr, &length) != 1) return false;
  Bytes bytes(length);
  if (get(pkey, bytes.data(), &length) != 1) return false;
  bytes.truncate(length);
  if (!privateKey) bytes.setPublic();
  out = std::move(bytes);
  return true;
}

// op_subtle_okp_generate(name) -> Promise<[private, public]>
void opOkpGenerate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Okp* okp = readOkp(isolate, info[0]);
  if (!okp) return;
  info.GetReturnValue().Set(runJob(isolate, false, [okp]() -> JobResult {
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, okp->type);
    if (!pkey) return operationError(opensslReason("Key generation failed"));
    EVP_PKEY_up_ref(pkey);
    return JobResult::keys(KeyMaterial::asymmetric(KeyKind::Private, pkey),
                           KeyMaterial::asymmetric(KeyKind::Public, pkey));
  }));
}

// op_subtle_okp_import_raw(name, bytes) -> handle (public)
void opOkpImportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Okp* okp = readOkp(isolate, info[0]);
  if (!okp) return;
  Bytes bytes;
  if (!copyBytes(info[1], bytes)) return throwTypeError(isolate, "key data is not a BufferSource");
  if (bytes.size() != okp->publicSize) {
    return throwError(isolate, dataError(std::string("A raw ") + okp->name + " public key is " +
                                         std::to_string(okp->publicSize) + " bytes"));
  }
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key_ex(nullptr, okp->type, nullptr, bytes.data(), bytes.size());
  ERR_clear_error();
  if (!pkey) return throwError(isolate, dataError("Invalid public key"));
  info.GetReturnValue().Set(wrapKey(isolate, KeyMaterial::asymmetric(KeyKind::Public, pkey)));
}

// op_subtle_okp_import_jwk(name, x, d | undefined) -> handle. A private key's
// x must be the public key of its d.
void opOkpImportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Okp* okp = readOkp(isolate, info[0]);
  if (!okp) return;
  Bytes x, d;
  bool hasD = !info[2]->IsUndefined();
  if (!copyBytes(info[1], x) || (hasD && !copyBytes(info[2], d))) {
    return throwTypeError(isolate, "JWK members must be decoded to BufferSources");
  }
  d.setSecret();
  if (x.size() != okp->publicSize || (hasD && d.size() != okp->privateSize)) {
    return throwError(isolate, dataError(std::string("Invalid key length for ") + okp->name));
  }
  EVP_PKEY* pkey = hasD ? EVP_PKEY_new_raw_private_key_ex(nullptr, okp->type, nullptr, d.data(), d.size())
                        : EVP_PKEY_new_raw_public_key_ex(nullptr, okp->type, nullptr, x.data(), x.size());
  ERR_clear_error();
  if (!pkey) return throwError(isolate, dataError("Invalid JWK key"));
  KeyPtr key = KeyMaterial::asymmetric(hasD ? KeyKind::Private : KeyKind::Public, pkey);
  if (hasD) {
    Bytes derived;
    if (!rawKey(pkey, false, derived) || derived.size() != x.size() ||
        CRYPTO_memcmp(derived.data(), x.data(), x.size()) != 0) {
      return throwError(isolate, dataError("The JWK x does not match its d"));
    }
  }
  info.GetReturnValue().Set(wrapKey(isolate, std::move(key)));
}

// op_subtle_okp_export(handle, private) -> ArrayBuffer: the raw public key or
// the raw private key (for JWK d).
void opOkpExport(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (!key) return;
  bool privateKey = info[1]->IsTrue();
  if (privateKey && key->kind() != KeyKind::Private) {
    return throwError(isolate, {"InvalidAccessError", "The key is not a private key"});
  }
  Bytes bytes;
  if (!rawKey(key->pkey(), privateKey, bytes)) {
    return throwError(isolate, operationError(opensslReason("Could not export the key")));
  }
  info.GetReturnValue().Set(std::move(bytes).toArrayBuffer(isolate));
}

// op_subtle_ed_sign(handle, data, context | undefined) -> Promise<ArrayBuffer>
void opEdSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapKey(isolate, info[0], KeyKind::Private);
  if (!key) return;
  Bytes data;
  if (!copyBytes(info[1], data)) return throwTypeError(isolate, "data is not a BufferSource");
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(isolate, offThread, [key = std::move(key), data = std::move(data)]() -> JobResult {
    MdCtxPtr ctx = key->signatureContext(true, nullptr);
    int maxLength = EVP_PKEY_get_size(key->pkey());
    if (!ctx || maxLength <= 0) return operationError(opensslReason("Signing failed"));
    Bytes signature(static_cast<size_t>(maxLength));
    size_t length = signature.size();
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, data.data(), data.size()) != 1) {
      return operationError(opensslReason("Signing failed"));
    }
    signature.truncate(length);
    signature.setPublic();
    return JobResult::bytes(std::move(signature));
  }));
}

// op_subtle_ed_verify(handle, signature, data) -> Promise<boolean>
void opEdVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapKey(isolate, info[0], KeyKind::Public);
  if (!key) return;
  Bytes signature, data;
  if (!copyBytes(info[1], signature) || !copyBytes(info[2], data)) {
    return throwTypeError(isolate, "signature and data must be BufferSources");
  }
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(
      isolate, offThread, [key = std::move(key), signature = std::move(signature), data = std::move(data)] {
        MdCtxPtr ctx = key->signatureContext(false, nullptr);
        int ok = 0;
        if (ctx) ok = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size());
        return JobResult::boolean(ok == 1);
      }));
}

}  // namespace

void installOkpOps(OpsBuilder& ops) {
  ops.add("op_subtle_okp_generate", opOkpGenerate, 1);
  ops.add("op_subtle_okp_import_raw", opOkpImportRaw, 2);
  ops.add("op_subtle_okp_import_jwk", opOkpImportJwk, 3);
  ops.add("op_subtle_okp_export", opOkpExport, 2);
  ops.add("op_subtle_ed_sign", opEdSign, 3);
  ops.add("op_subtle_ed_verify", opEdVerify, 3);
}

}  // namespace nano::subtle
