// ECDSA and ECDH on P-256, P-384 and P-521 (WebCrypto §23-24): key
// generation, raw and JWK import/export (spki/pkcs8 are keys.cc), signatures
// in the IEEE P1363 form r || s that WebCrypto uses, and shared secrets.
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

struct Curve {
  const char* name;   // WebCrypto
  const char* group;  // OpenSSL
  size_t size;        // bytes of a coordinate, of the private scalar and of r and s
};

const Curve* curveByName(std::string_view name) {
  static const Curve kCurves[] = {
      {"P-256", "prime256v1", 32}, {"P-384", "secp384r1", 48}, {"P-521", "secp521r1", 66}};
  for (const Curve& curve : kCurves) {
    if (name == curve.name) return &curve;
  }
  return nullptr;
}

const Curve* curveOf(EVP_PKEY* pkey) {
  char group[64];  // group names are short; a longer one is not ours anyway
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1) {
    return nullptr;
  }
  std::string_view g(group, length);
  if (g == "prime256v1") return curveByName("P-256");
  if (g == "secp384r1") return curveByName("P-384");
  if (g == "secp521r1") return curveByName("P-521");
  return nullptr;
}

const Curve* readCurve(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  const Curve* curve = curveByName(argString(isolate, value));
  if (!curve) throwError(isolate, notSupported("Unsupported named curve"));
  return curve;
}

// The uncompressed point 04 || x || y of a key.
Bytes publicPoint(EVP_PKEY* pkey, const Curve& curve) {
  BIGNUM* x = nullptr;
  BIGNUM* y = nullptr;
  EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x);
  EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  BnPtr bx(x), by(y);
  if (!bx || !by) return Bytes();
  Bytes point(1 + 2 * curve.size);
  point.data()[0] = 0x04;
  if (BN_bn2binpad(bx.get(), point.data() + 1, static_cast<int>(curve.size)) < 0 ||
      BN_bn2binpad(by.get(), point.data() + 1 + curve.size, static_cast<int>(curve.size)) < 0) {
    return Bytes();
  }
  point.setPublic();
  return point;
}

// A key from an encoded point (SEC1 2.3.4: compressed or uncompressed; never
// the point at infinity) and an optional private scalar. OpenSSL checks that
// the point is on the curve; a private key must also match its point.
PkeyPtr ecKey(const Curve& curve, const uint8_t* point, size_t pointSize, const Bytes* d) {
  bool uncompressed = pointSize == 1 + 2 * curve.size && point[0] == 0x04;
  bool compressed = pointSize == 1 + curve.size && (point[0] == 0x02 || point[0] == 0x03);
  if (!uncompressed && !compressed) return nullptr;
  ParamBldPtr build(OSSL_PARAM_BLD_new());
  BnPtr priv;
  if (!build || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point, pointSize)) {
    return nullptr;
  }
  if (d) {
    if (d->size() != curve.size) return nullptr;
    priv.reset(BN_secure_new());
    if (!priv || !BN_bin2bn(d->data(), static_cast<int>(d->size()), priv.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get())) {
      return nullptr;
    }
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  if (!params) return nullptr;
  PkeyPtr pkey = pkeyFromParams("EC", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return nullptr;
  if (compressed) uncompressedPoints(pkey.get());
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!ctx || EVP_PKEY_public_check(ctx.get()) != 1) return nullptr;
  if (d && (EVP_PKEY_private_check(ctx.get()) != 1 || EVP_PKEY_pairwise_check(ctx.get()) != 1)) {
    return nullptr;
  }
  return pkey;
}

// op_subtle_ec_generate(namedCurve) -> Promise<[private, public]>
void opEcGenerate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Curve* curve = readCurve(isolate, info[0]);
  if (!curve) return;
  info.GetReturnValue().Set(runJob(isolate, true, [curve]() -> JobResult {
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve->group);
    if (!pkey) return operationError(opensslReason("EC key generation failed"));
    EVP_PKEY_up_ref(pkey);
    return JobResult::keys(KeyMaterial::asymmetric(KeyKind::Private, pkey),
                           KeyMaterial::asymmetric(KeyKind::Public, pkey));
  }));
}

// op_subtle_ec_import_raw(namedCurve, point) -> handle (public)
void opEcImportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Curve* curve = readCurve(isolate, info[0]);
  if (!curve) return;
  Bytes point;
  if (!copyBytes(info[1], point)) return throwTypeError(isolate, "key data is not a BufferSource");
  PkeyPtr pkey = ecKey(*curve, point.data(), point.size(), nullptr);
  ERR_clear_error();
  if (!pkey) return throwError(isolate, dataError("Invalid EC public key"));
  info.GetReturnValue().Set(wrapKey(isolate, KeyMaterial::asymmetric(KeyKind::Public, pkey.release())));
}

// op_subtle_ec_import_jwk(namedCurve, x, y, d | undefined) -> handle
void opEcImportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const Curve* curve = readCurve(isolate, info[0]);
  if (!curve) return;
  Bytes x, y, d;
  bool hasD = !info[3]->IsUndefined();
  if (!copyBytes(info[1], x) || !copyBytes(info[2], y) || (hasD && !copyBytes(info[3], d))) {
    return throwTypeError(isolate, "JWK members must be decoded to BufferSources");
  }
  d.setSecret();
  if (x.size() != curve->size || y.size() != curve->size) {
    return throwError(isolate, dataError("The JWK x and y must be " + std::to_string(curve->size) +
                                         " bytes for " + curve->name));
  }
  Bytes point(1 + 2 * curve->size);
  point.data()[0] = 0x04;
  std::memcpy(point.data() + 1, x.data(), x.size());
  std::memcpy(point.data() + 1 + x.size(), y.data(), y.size());
  PkeyPtr pkey = ecKey(*curve, point.data(), point.size(), hasD ? &d : nullptr);
  ERR_clear_error();
  if (!pkey) return throwError(isolate, dataError("Invalid EC JWK key"));
  info.GetReturnValue().Set(wrapKey(
      isolate, KeyMaterial::asymmetric(hasD ? KeyKind::Private : KeyKind::Public, pkey.release())));
}

// op_subtle_ec_export_raw(handle) -> ArrayBuffer (uncompressed point)
void opEcExportRaw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (!key) return;
  const Curve* curve = curveOf(key->pkey());
  Bytes point = curve ? publicPoint(key->pkey(), *curve) : Bytes();
  if (point.empty()) return throwError(isolate, operationError(opensslReason("Could not export the EC key")));
  info.GetReturnValue().Set(std::move(point).toArrayBuffer(isolate));
}

// op_subtle_ec_export_jwk(handle) -> { crv, x, y, d? } (ArrayBuffers)
void opEcExportJwk(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (!key) return;
  const Curve* curve = curveOf(key->pkey());
  Bytes point = curve ? publicPoint(key->pkey(), *curve) : Bytes();
  if (point.empty()) return throwError(isolate, operationError(opensslReason("Could not export the EC key")));
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  result->Set(context, toV8String(isolate, "crv"), toV8String(isolate, curve->name)).Check();
  result->Set(context, toV8String(isolate, "x"), std::move(Bytes(point.data() + 1, curve->size)).toArrayBuffer(isolate)).Check();
  result->Set(context, toV8String(isolate, "y"),
              std::move(Bytes(point.data() + 1 + curve->size, curve->size)).toArrayBuffer(isolate)).Check();
  if (key->kind() == KeyKind::Private) {
    BIGNUM* d = nullptr;
    EVP_PKEY_get_bn_param(key->pkey(), OSSL_PKEY_PARAM_PRIV_KEY, &d);
    BnPtr priv(d);
    Bytes scalar = priv ? bignumBytes(priv.get(), curve->size) : Bytes();
    if (scalar.empty()) return throwError(isolate, operationError(opensslReason("Could not export the EC key")));
    result->Set(context, toV8String(isolate, "d"), std::move(scalar).toArrayBuffer(isolate)).Check();
  }
  info.GetReturnValue().Set(result);
}

// Bytes of r and of s: those of the group order (P-256/384/521 only get this
// far: import and generation check the curve). Cheaper than curveOf(), a
// provider parameter lookup, on the path of every signature.
size_t orderBytes(EVP_PKEY* pkey) {
  int bits = EVP_PKEY_get_bits(pkey);
  return bits > 0 ? (static_cast<size_t>(bits) + 7) / 8 : 0;
}

JobResult ecdsaSign(const EVP_MD* md, const KeyMaterial& key, const Bytes& data) {
  size_t width = orderBytes(key.pkey());
  MdCtxPtr ctx = width ? key.signatureContext(true, md) : nullptr;
  int maxLength = EVP_PKEY_get_size(key.pkey());  // of the DER signature
  if (!ctx || maxLength <= 0) return operationError(opensslReason("ECDSA signing failed"));
  Bytes der(static_cast<size_t>(maxLength));
  size_t length = der.size();
  if (EVP_DigestSign(ctx.get(), der.data(), &length, data.data(), data.size()) != 1) {
    return operationError(opensslReason("ECDSA signing failed"));
  }
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length));
  if (!sig) return operationError(opensslReason("ECDSA signing failed"));
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig, &r, &s);
  Bytes out(2 * width);
  bool ok = BN_bn2binpad(r, out.data(), static_cast<int>(width)) >= 0 &&
            BN_bn2binpad(s, out.data() + width, static_cast<int>(width)) >= 0;
  ECDSA_SIG_free(sig);
  if (!ok) return operationError("ECDSA signing failed");
  out.setPublic();
  return JobResult::bytes(std::move(out));
}

JobResult ecdsaVerify(const EVP_MD* md, const KeyMaterial& key, const Bytes& signature, const Bytes& data) {
  size_t width = orderBytes(key.pkey());
  if (!width) return operationError("Unsupported EC key");
  // A signature of the wrong length is simply invalid.
  if (signature.size() != 2 * width) return JobResult::boolean(false);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(width), nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + width, static_cast<int>(width), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return operationError("ECDSA verification failed");
  }
  unsigned char* der = nullptr;
  int derLength = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (derLength < 0) return operationError("ECDSA verification failed");
  MdCtxPtr ctx = key.signatureContext(false, md);
  int ok = 0;
  if (ctx) ok = EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(derLength), data.data(), data.size());
  OPENSSL_free(der);
  return JobResult::boolean(ok == 1);
}

// op_subtle_ecdsa_sign(hash, handle, data) -> Promise<ArrayBuffer>
void opEcdsaSign(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const EVP_MD* md = digestByName(argString(isolate, info[0]));
  if (!md) return throwError(isolate, notSupported("Unrecognized hash algorithm"));
  KeyPtr key = unwrapKey(isolate, info[1], KeyKind::Private);
  if (!key) return;
  Bytes data;
  if (!copyBytes(info[2], data)) return throwTypeError(isolate, "data is not a BufferSource");
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(isolate, offThread, [md, key = std::move(key), data = std::move(data)] {
    return ecdsaSign(md, *key, data);
  }));
}

// op_subtle_ecdsa_verify(hash, handle, signature, data) -> Promise<boolean>
void opEcdsaVerify(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const EVP_MD* md = digestByName(argString(isolate, info[0]));
  if (!md) return throwError(isolate, notSupported("Unrecognized hash algorithm"));
  KeyPtr key = unwrapKey(isolate, info[1], KeyKind::Public);
  if (!key) return;
  Bytes signature, data;
  if (!copyBytes(info[2], signature) || !copyBytes(info[3], data)) {
    return throwTypeError(isolate, "signature and data must be BufferSources");
  }
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(
      isolate, offThread, [md, key = std::move(key), signature = std::move(signature), data = std::move(data)] {
        return ecdsaVerify(md, *key, signature, data);
      }));
}

// Shared by ECDH and X25519/X448: the raw shared secret of two keys.
JobResult deriveSecret(EVP_PKEY* privateKey, EVP_PKEY* publicKey) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, privateKey, nullptr));
  size_t length = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer_ex(ctx.get(), publicKey, 1) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1) {
    return operationError(opensslReason("Key agreement failed"));
  }
  Bytes secret(length);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &length) != 1) {
    return operationError(opensslReason("Key agreement failed"));
  }
  secret.truncate(length);
  return JobResult::bytes(std::move(secret));
}

// op_subtle_derive_secret(privateHandle, publicHandle) -> Promise<ArrayBuffer>
// (ECDH, X25519, X448; JS checked that the algorithms and curves agree).
void opDeriveSecret(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr privateKey = unwrapKey(isolate, info[0], KeyKind::Private);
  if (!privateKey) return;
  KeyPtr publicKey = unwrapKey(isolate, info[1], KeyKind::Public);
  if (!publicKey) return;
  if (!privateKey->pkey() || !publicKey->pkey()) {
    return throwError(isolate, {"InvalidAccessError", "Key agreement needs asymmetric keys"});
  }
  info.GetReturnValue().Set(runJob(isolate, false, [privateKey = std::move(privateKey),
                                                    publicKey = std::move(publicKey)] {
    return deriveSecret(privateKey->pkey(), publicKey->pkey());
  }));
}

}  // namespace

void installEcOps(OpsBuilder& ops) {
  ops.add("op_subtle_ec_generate", opEcGenerate, 1);
  ops.add("op_subtle_ec_import_raw", opEcImportRaw, 2);
  ops.add("op_subtle_ec_import_jwk", opEcImportJwk, 4);
  ops.add("op_subtle_ec_export_raw", opEcExportRaw, 1);
  ops.add("op_subtle_ec_export_jwk", opEcExportJwk, 1);
  ops.add("op_subtle_ecdsa_sign", opEcdsaSign, 3);
  ops.add("op_subtle_ecdsa_verify", opEcdsaVerify, 4);
  ops.add("op_subtle_derive_secret", opDeriveSecret, 2);
}

}  // namespace nano::subtle
