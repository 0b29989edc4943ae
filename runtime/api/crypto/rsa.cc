// RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP (WebCrypto §20-22): key
// generation, JWK import/export (spki/pkcs8 are keys.cc), signatures and
// OAEP encryption. Private-key operations and key generation are slow enough
// to always run on the threadpool.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

// JWK member names and their OSSL_PARAM names, in the order of RFC 7518 §6.3.
struct Component {
  const char* jwk;
  const char* param;
};
constexpr Component kComponents[] = {
    {"n", OSSL_PKEY_PARAM_RSA_N},           {"e", OSSL_PKEY_PARAM_RSA_E},
    {"d", OSSL_PKEY_PARAM_RSA_D},           {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
    {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},     {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
    {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},  {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
};
constexpr size_t kPublicComponents = 2;  // n, e

// op_subtle_rsa_generate(modulusLength, publicExponent) -> Promise<[private, public]>
void opRsaGenerate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  double bits = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  Bytes exponent;
  if (!copyBytes(info[1], exponent)) return throwTypeError(isolate, "publicExponent is not a Uint8Array");
  BnPtr e(BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
  // OpenSSL generates keys of 512 to 16384 bits with an odd exponent >= 3.
  if (!(bits >= 512 && bits <= 16384) || static_cast<int>(bits) % 8 != 0) {
    return throwError(isolate, operationError("The modulus length must be a multiple of 8 from 512 to 16384"));
  }
  if (!e || BN_num_bits(e.get()) > 64 || !BN_is_odd(e.get()) || BN_is_one(e.get())) {
    return throwError(isolate, operationError("The public exponent must be odd and at least 3"));
  }
  unsigned modulusBits = static_cast<unsigned>(bits);
  info.GetReturnValue().Set(runJob(isolate, true, [modulusBits, e = std::move(e)]() -> JobResult {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) {
      return operationError(opensslReason("RSA key generation failed"));
    }
    // Called between prime candidates: returning 0 abandons a generation
    // whose runtime is gone (seconds of work for big moduli).
    EVP_PKEY_CTX_set_cb(ctx.get(), [](EVP_PKEY_CTX*) { return jobCancelled() ? 0 : 1; });
    if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(modulusBits)) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1 ||
        EVP_PKEY_generate(ctx.get(), &pkey) != 1) {
      return operationError(opensslReason("RSA key generation failed"));
    }
    EVP_PKEY_up_ref(pkey);
    return JobResult::keys(KeyMaterial::asymmetric(KeyKind::Private, pkey),
                           KeyMaterial::asymmetric(KeyKind::Public, pkey));
  }));
}

// Whether JWK components form an RSA key. OpenSSL's own key checks run
// primality tests (tens to hundreds of ms a key); these are the arithmetic
// identities that catch corrupted or mismatched members instead.
bool consistent(const std::vector<BnPtr>& numbers, unsigned mask) {
  const BIGNUM* n = numbers[0].get();
  const BIGNUM* e = numbers[1].get();
  if (!BN_is_odd(n) || BN_num_bits(n) < 256 || !BN_is_odd(e) || BN_is_one(e) || BN_cmp(e, n) >= 0) return false;
  if (mask == 0x3u) return true;
  std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>> ctx(BN_CTX_secure_new());
  if (!ctx) return false;
  BN_CTX_start(ctx.get());
  BIGNUM* a = BN_CTX_get(ctx.get());
  BIGNUM* b = BN_CTX_get(ctx.get());
  BIGNUM* c = BN_CTX_get(ctx.get());
  BIGNUM* d = numbers[2].get();
  bool ok = a && b && c && BN_cmp(d, n) < 0;
  if (ok && mask == 0x7u) {
    // No CRT members: (2^e)^d must come back to 2.
    BN_set_flags(d, BN_FLG_CONSTTIME);
    ok = BN_set_word(a, 2) && BN_mod_exp(b, a, e, n, ctx.get()) && BN_mod_exp(c, b, d, n, ctx.get()) &&
         BN_is_word(c, 2);
  } else if (ok) {
    const BIGNUM* p = numbers[3].get();
    const BIGNUM* q = numbers[4].get();
    const BIGNUM* dp = numbers[5].get();
    const BIGNUM* dq = numbers[6].get();
    const BIGNUM* qi = numbers[7].get();
    // n = p q; dp = d mod (p-1), dq = d mod (q-1), both inverses of e; qi q = 1 mod p.
    ok = BN_mul(a, p, q, ctx.get()) && BN_cmp(a, n) == 0 &&
         BN_sub(a, p, BN_value_one()) && BN_mod(b, d, a, ctx.get()) && BN_cmp(b, dp) == 0 &&
         BN_mod_mul(c, dp, e, a, ctx.get()) && BN_is_one(c) &&
         BN_sub(a, q, BN_value_one()) && BN_mod(b, d, a, ctx.get()) && BN_cmp(b, dq) == 0 &&
         BN_mod_mul(c, dq, e, a, ctx.get()) && BN_is_one(c) &&
         BN_mod_mul(c, qi, q, p, ctx.get()) && BN_is_one(c);
  }
  BN_CTX_end(ctx.get());
  return ok;
}

// op_subtle_rsa_import_jwk({ n, e, d?, p?, q?, dp?, dq?, qi? }) -> handle.
// The key must be consistent (checked in full when the CRT members are given).
void opRsaImportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[0]->IsObject()) return throwTypeError(isolate, "JWK members expected");
  v8::Local<v8::Object> members = info[0].As<v8::Object>();
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  if (!build) return throwError(isolate, operationError("Out of memory"));
  std::vector<BnPtr> numbers;
  unsigned mask = 0;  // bit i: kComponents[i] is present
  for (size_t i = 0; i < std::size(kComponents); i++) {
    const Component& component = kComponents[i];
    v8::Local<v8::Value> value;
    if (!members->Get(context, toV8String(isolate, component.jwk)).ToLocal(&value)) return;
    if (value->IsUndefined()) continue;
    Bytes bytes;
    if (!copyBytes(value, bytes)) return throwTypeError(isolate, "JWK members must be decoded to BufferSources");
    bytes.setSecret();
    if (bytes.empty()) return throwError(isolate, dataError(std::string("The JWK ") + component.jwk + " is empty"));
    BnPtr bn(BN_secure_new());
    if (!bn || !BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), bn.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), component.param, bn.get())) {
      return throwError(isolate, operationError("Out of memory"));
    }
    numbers.push_back(std::move(bn));
    mask |= 1u << i;
  }
  // RFC 7518 §6.3: n and e; a private key adds d, and either all or none of
  // the CRT members (p, q, dp, dq, qi).
  bool privateKey = (mask & 4u) != 0;
  bool crt = mask == 0xffu;
  if (mask != 0x3u && mask != 0x7u && !crt) {
    return throwError(isolate, dataError("An RSA JWK needs n and e, a private one also d, and all or none of p, q, dp, dq and qi"));
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyPtr pkey = params ? pkeyFromParams("RSA", privateKey ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get())
                        : nullptr;
  bool ok = pkey != nullptr && consistent(numbers, mask);
  ERR_clear_error();
  if (!ok) return throwError(isolate, dataError("Invalid RSA JWK key"));
  info.GetReturnValue().Set(wrapKey(
      isolate, KeyMaterial::asymmetric(privateKey ? KeyKind::Private : KeyKind::Public, pkey.release())));
}

// op_subtle_rsa_export_jwk(handle) -> { n, e, d?, p?, q?, dp?, dq?, qi? } (ArrayBuffers)
void opRsaExportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (!key) return;
  size_t count = key->kind() == KeyKind::Private ? std::size(kComponents) : kPublicComponents;
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  for (size_t i = 0; i < count; i++) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key->pkey(), kComponents[i].param, &bn) != 1 || !bn) {
      ERR_clear_error();
      if (i > 2) break;  // a private key imported without its CRT members
      return throwError(isolate, operationError(std::string("The RSA key has no ") + kComponents[i].jwk));
    }
    BnPtr number(bn);
    result->Set(context, toV8String(isolate, kComponents[i].jwk),
                bignumBytes(number.get()).toArrayBuffer(isolate)).Check();
  }
  info.GetReturnValue().Set(result);
}

struct SignParams {
  bool pss = false;
  const EVP_MD* md = nullptr;
  int saltLength = 0;
};

bool configure(EVP_PKEY_CTX* pctx, const SignParams& params) {
  if (!params.pss) return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, params.md) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, params.saltLength) == 1;
}

bool readSignParams(const v8::FunctionCallbackInfo<v8::Value>& info, SignParams& params) {
  v8::Isolate* isolate = info.GetIsolate();
  params.pss = argString(isolate, info[0]) == "RSA-PSS";
  params.md = digestByName(argString(isolate, info[1]));
  if (!params.md) {
    throwError(isolate, notSupported("Unrecognized hash algorithm"));
    return false;
  }
  double salt = info[3]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  if (!(salt >= 0 && salt <= 4294967295.0)) salt = 0;
  // Beyond what fits an int no modulus has room for the salt: signing fails.
  params.saltLength = salt > INT32_MAX ? INT32_MAX : static_cast<int>(salt);
  return true;
}

// op_subtle_rsa_sign("RSASSA-PKCS1-v1_5" | "RSA-PSS", hash, handle, saltLength, data)
void opRsaSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  SignParams params;
  if (!readSignParams(info, params)) return;
  KeyPtr key = unwrapKey(isolate, info[2], KeyKind::Private);
  if (!key) return;
  Bytes data;
  if (!copyBytes(info[4], data)) return throwTypeError(isolate, "data is not a BufferSource");
  info.GetReturnValue().Set(runJob(isolate, true, [params, key = std::move(key), data = std::move(data)]() -> JobResult {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, params.md, nullptr, key->pkey()) != 1 ||
        !configure(pctx, params) ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data.data(), data.size()) != 1) {
      return operationError(opensslReason("RSA signing failed"));
    }
    Bytes signature(length);
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, data.data(), data.size()) != 1) {
      return operationError(opensslReason("RSA signing failed"));
    }
    signature.truncate(length);
    signature.setPublic();
    return JobResult::bytes(std::move(signature));
  }));
}

// op_subtle_rsa_verify(name, hash, handle, saltLength, signature, data) -> Promise<boolean>
void opRsaVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  SignParams params;
  if (!readSignParams(info, params)) return;
  KeyPtr key = unwrapKey(isolate, info[2], KeyKind::Public);
  if (!key) return;
  Bytes signature, data;
  if (!copyBytes(info[4], signature) || !copyBytes(info[5], data)) {
    return throwTypeError(isolate, "signature and data must be BufferSources");
  }
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(isolate, offThread,
                                   [params, key = std::move(key), signature = std::move(signature),
                                    data = std::move(data)]() -> JobResult {
    // RFC 8017 8.1.2 and 8.2.2 step 1: a signature is exactly k octets.
    // OpenSSL reads a shorter one as the same number with leading zeros, so
    // dropping a leading 0x00 byte would still verify.
    if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key->pkey()))) return JobResult::boolean(false);
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, params.md, nullptr, key->pkey()) != 1 ||
        !configure(pctx, params)) {
      return operationError(opensslReason("RSA verification failed"));
    }
    return JobResult::boolean(
        EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size()) == 1);
  }));
}

// op_subtle_rsa_oaep(encrypt, hash, handle, label | undefined, data) -> Promise<ArrayBuffer>
void opRsaOaep(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->IsTrue();
  const EVP_MD* md = digestByName(argString(isolate, info[1]));
  if (!md) return throwError(isolate, notSupported("Unrecognized hash algorithm"));
  KeyPtr key = unwrapKey(isolate, info[2], encrypt ? KeyKind::Public : KeyKind::Private);
  if (!key) return;
  Bytes label, data;
  if ((!info[3]->IsUndefined() && !copyBytes(info[3], label)) || !copyBytes(info[4], data)) {
    return throwTypeError(isolate, "label and data must be BufferSources");
  }
  info.GetReturnValue().Set(runJob(isolate, !encrypt || data.size() > kInlineLimit,
                                   [encrypt, md, key = std::move(key), label = std::move(label),
                                    data = std::move(data)]() -> JobResult {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->pkey(), nullptr));
    bool ok = ctx && (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) == 1 &&
              EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) == 1 &&
              EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) == 1;
    if (ok && !label.empty()) {
      // set0 takes ownership of an OPENSSL_malloc'd copy.
      void* copy = OPENSSL_memdup(label.data(), label.size());
      ok = copy && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx.get(), copy, static_cast<int>(label.size())) == 1;
      if (!ok) OPENSSL_free(copy);
    }
    auto run = encrypt ? EVP_PKEY_encrypt : EVP_PKEY_decrypt;
    size_t length = 0;
    if (!ok || run(ctx.get(), nullptr, &length, data.data(), data.size()) != 1) {
      return operationError(opensslReason(encrypt ? "RSA-OAEP encryption failed" : "RSA-OAEP decryption failed"));
    }
    Bytes out(length);
    if (run(ctx.get(), out.data(), &length, data.data(), data.size()) != 1) {
      ERR_clear_error();
      return operationError(encrypt ? "RSA-OAEP encryption failed (data too long?)" : "RSA-OAEP decryption failed");
    }
    out.truncate(length);
    if (encrypt) out.setPublic();
    return JobResult::bytes(std::move(out));
  }));
}

}  // namespace

void installRsaOps(OpsBuilder& ops) {
  ops.add("op_subtle_rsa_generate", opRsaGenerate, 2);
  ops.add("op_subtle_rsa_import_jwk", opRsaImportJwk, 1);
  ops.add("op_subtle_rsa_export_jwk", opRsaExportJwk, 1);
  ops.add("op_subtle_rsa_sign", opRsaSign, 5);
  ops.add("op_subtle_rsa_verify", opRsaVerify, 6);
  ops.add("op_subtle_rsa_oaep", opRsaOaep, 5);
}

}  // namespace nano::subtle
