#include "keys.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <unordered_set>

#include "../../core/errors.h"
#include "../../core/runtime.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

KeyMaterial::~KeyMaterial() {
  m_prepared.clear();  // they hold references to m_pkey
  if (m_pkey) EVP_PKEY_free(m_pkey);
}

MdCtxPtr KeyMaterial::signatureContext(bool sign, const EVP_MD* md) const {
  if (!m_pkey) return nullptr;
  MdCtxPtr copy(EVP_MD_CTX_new());
  if (!copy) return nullptr;
  std::lock_guard<std::mutex> lock(m_mutex);
  const EVP_MD_CTX* prepared = nullptr;
  for (const PreparedContext& entry : m_prepared) {
    if (entry.sign == sign && entry.md == md) prepared = entry.ctx.get();
  }
  if (!prepared) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    int ok = !ctx ? 0
             : sign ? EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, m_pkey)
                    : EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, m_pkey);
    if (ok != 1) return nullptr;
    prepared = ctx.get();
    m_prepared.push_back({sign, md, std::move(ctx)});
  }
  if (EVP_MD_CTX_copy_ex(copy.get(), prepared) != 1) return nullptr;
  EVP_MD_CTX_set_flags(copy.get(), EVP_MD_CTX_FLAG_FINALISE);
  return copy;
}

std::shared_ptr<KeyMaterial> KeyMaterial::secret(Bytes bytes) {
  bytes.setSecret();
  return std::make_shared<KeyMaterial>(KeyKind::Secret, std::move(bytes), nullptr);
}

std::shared_ptr<KeyMaterial> KeyMaterial::asymmetric(KeyKind kind, EVP_PKEY* pkey) {
  return std::make_shared<KeyMaterial>(kind, Bytes(), pkey);
}

namespace {

// A handle object's native side. Freed by the weak callback once JS drops the
// handle, or with the runtime.
struct Holder {
  KeyPtr key;
  v8::Global<v8::Object> handle;
  class HandleState* state;
};

class HandleState {
 public:
  explicit HandleState(Runtime& runtime) {
    v8::Isolate* isolate = runtime.isolate();
    v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate);
    tmpl->SetClassName(toV8String(isolate, "CryptoKeyHandle"));
    tmpl->InstanceTemplate()->SetInternalFieldCount(1);
    m_template.Reset(isolate, tmpl);
  }
  ~HandleState() {
    for (Holder* holder : m_holders) {
      holder->handle.ClearWeak();
      holder->handle.Reset();
      delete holder;
    }
    m_template.Reset();
  }

  v8::Local<v8::FunctionTemplate> tmpl(v8::Isolate* isolate) { return m_template.Get(isolate); }

  v8::Local<v8::Object> wrap(v8::Isolate* isolate, KeyPtr key) {
    v8::Local<v8::Object> object =
        tmpl(isolate)->InstanceTemplate()->NewInstance(isolate->GetCurrentContext()).ToLocalChecked();
    auto* holder = new Holder{std::move(key), v8::Global<v8::Object>(isolate, object), this};
    object->SetAlignedPointerInInternalField(0, holder);
    holder->handle.SetWeak(holder, &HandleState::onWeak, v8::WeakCallbackType::kParameter);
    m_holders.insert(holder);
    return object;
  }

  Holder* holderOf(v8::Isolate* isolate, v8::Local<v8::Value> value) {
    if (!value->IsObject() || !tmpl(isolate)->HasInstance(value)) return nullptr;
    return static_cast<Holder*>(value.As<v8::Object>()->GetAlignedPointerFromInternalField(0));
  }

 private:
  static void onWeak(const v8::WeakCallbackInfo<Holder>& info) {
    Holder* holder = info.GetParameter();
    holder->handle.Reset();
    holder->state->m_holders.erase(holder);
    delete holder;
  }

  v8::Global<v8::FunctionTemplate> m_template;
  std::unordered_set<Holder*> m_holders;
};

HandleState& handles(v8::Isolate* isolate) { return Runtime::from(isolate).state<HandleState>(); }

}  // namespace

v8::Local<v8::Object> wrapKey(v8::Isolate* isolate, KeyPtr key) {
  return handles(isolate).wrap(isolate, std::move(key));
}

KeyPtr unwrapKey(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  Holder* holder = handles(isolate).holderOf(isolate, value);
  if (!holder) {
    throwTypeError(isolate, "The key is not a CryptoKey");
    return nullptr;
  }
  return holder->key;
}

KeyPtr unwrapKey(v8::Isolate* isolate, v8::Local<v8::Value> value, KeyKind kind) {
  KeyPtr key = unwrapKey(isolate, value);
  if (key && key->kind() != kind) {
    static const char* const kNames[] = {"secret", "public", "private"};
    throwError(isolate, {"InvalidAccessError",
                         std::string("The key is not a ") + kNames[static_cast<int>(kind)] + " key"});
    return nullptr;
  }
  return key;
}

KeyPtr unwrapAsymmetric(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  KeyPtr key = unwrapKey(isolate, value);
  if (key && !key->pkey()) {
    throwError(isolate, {"InvalidAccessError", "The key is not an asymmetric key"});
    return nullptr;
  }
  return key;
}

const char* pkeyFamily(EVP_PKEY* pkey) {
  // EVP_PKEY_is_a("RSA") is false for RSASSA-PSS restricted keys, as WebCrypto wants.
  static const char* const kFamilies[] = {"RSA", "EC", "ED25519", "X25519", "ED448", "X448"};
  for (const char* family : kFamilies) {
    if (EVP_PKEY_is_a(pkey, family)) return family;
  }
  return "";
}

PkeyPtr pkeyFromParams(const char* type, int selection, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, const_cast<OSSL_PARAM*>(params)) <= 0) {
    return nullptr;
  }
  return PkeyPtr(pkey);
}

void uncompressedPoints(EVP_PKEY* pkey) {
  EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                 OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED);
  ERR_clear_error();
}

namespace {

const char* curveName(const char* group) {
  std::string_view g(group);
  if (g == "prime256v1" || g == "P-256") return "P-256";
  if (g == "secp384r1" || g == "P-384") return "P-384";
  if (g == "secp521r1" || g == "P-521") return "P-521";
  return nullptr;
}

void setField(v8::Isolate* isolate, v8::Local<v8::Object> object, const char* name,
              v8::Local<v8::Value> value) {
  object->Set(isolate->GetCurrentContext(), toV8String(isolate, name), value).Check();
}

// { family, namedCurve?, modulusLength?, publicExponent? } of an asymmetric key.
v8::Local<v8::Object> keyInfo(v8::Isolate* isolate, EVP_PKEY* pkey) {
  v8::Local<v8::Object> info = v8::Object::New(isolate);
  const char* family = pkeyFamily(pkey);
  setField(isolate, info, "family", toV8String(isolate, family));
  if (std::string_view(family) == "EC") {
    char group[64];  // the longest group name is far shorter
    size_t length = 0;
    const char* curve = nullptr;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) == 1) {
      curve = curveName(group);
    }
    setField(isolate, info, "namedCurve",
             curve ? toV8String(isolate, curve).As<v8::Value>() : v8::Undefined(isolate).As<v8::Value>());
  } else if (std::string_view(family) == "RSA") {
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
    BnPtr exponent(e);
    setField(isolate, info, "modulusLength", v8::Number::New(isolate, EVP_PKEY_get_bits(pkey)));
    Bytes bytes = exponent ? bignumBytes(exponent.get()) : Bytes();
    bytes.setPublic();
    setField(isolate, info, "publicExponent", toUint8Array(isolate, std::move(bytes)));
  }
  return info;
}

// Parses DER SubjectPublicKeyInfo / PrivateKeyInfo, rejecting trailing bytes.
PkeyPtr parseDer(bool privateKey, const uint8_t* data, size_t size) {
  if (size > static_cast<size_t>(INT32_MAX)) return nullptr;
  const unsigned char* p = data;
  if (!privateKey) {
    EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(size));
    PkeyPtr result(pkey);
    if (!result || p != data + size) return nullptr;
    return result;
  }
  PKCS8_PRIV_KEY_INFO* p8 = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(size));
  if (!p8) return nullptr;
  PkeyPtr result;
  if (p == data + size) result.reset(EVP_PKCS82PKEY(p8));
  PKCS8_PRIV_KEY_INFO_free(p8);
  return result;
}

// op_subtle_import_der(format: "spki" | "pkcs8", data) -> { handle, info }
void opImportDer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  bool privateKey = argString(isolate, info[0]) == "pkcs8";
  Bytes data;
  if (!copyBytes(info[1], data)) return throwTypeError(isolate, "key data is not a BufferSource");
  PkeyPtr pkey = parseDer(privateKey, data.data(), data.size());
  ERR_clear_error();
  if (!pkey) {
    return throwError(isolate, dataError(privateKey ? "Invalid PKCS#8 PrivateKeyInfo"
                                                    : "Invalid SubjectPublicKeyInfo"));
  }
  if (privateKey && EVP_PKEY_is_a(pkey.get(), "EC")) {
    // The private scalar must be in range and match any public key given.
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!ctx || EVP_PKEY_private_check(ctx.get()) != 1 || EVP_PKEY_pairwise_check(ctx.get()) != 1) {
      ERR_clear_error();
      return throwError(isolate, dataError("Invalid EC private key"));
    }
  }
  if (EVP_PKEY_is_a(pkey.get(), "EC")) uncompressedPoints(pkey.get());
  v8::Local<v8::Object> result = v8::Object::New(isolate);
  setField(isolate, result, "info", keyInfo(isolate, pkey.get()));
  setField(isolate, result, "handle",
           wrapKey(isolate, KeyMaterial::asymmetric(privateKey ? KeyKind::Private : KeyKind::Public,
                                                    pkey.release())));
  info.GetReturnValue().Set(result);
}

// op_subtle_export_der(handle, format) -> ArrayBuffer
void opExportDer(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (!key) return;
  bool privateKey = argString(isolate, info[1]) == "pkcs8";
  if (privateKey != (key->kind() == KeyKind::Private)) {
    return throwError(isolate, {"InvalidAccessError", privateKey ? "Only private keys export as pkcs8"
                                                                 : "Only public keys export as spki"});
  }
  unsigned char* der = nullptr;
  int length = -1;
  if (privateKey) {
    PKCS8_PRIV_KEY_INFO* p8 = EVP_PKEY2PKCS8(key->pkey());
    if (p8) {
      length = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
      PKCS8_PRIV_KEY_INFO_free(p8);
    }
  } else {
    length = i2d_PUBKEY(key->pkey(), &der);
  }
  if (length < 0 || !der) {
    return throwError(isolate, operationError(opensslReason("Could not encode the key")));
  }
  Bytes bytes(der, static_cast<size_t>(length));
  OPENSSL_clear_free(der, static_cast<size_t>(length));
  info.GetReturnValue().Set(std::move(bytes).toArrayBuffer(isolate));
}

// op_subtle_key_info(handle) -> { family, namedCurve?, modulusLength?, publicExponent? }
void opKeyInfo(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapAsymmetric(isolate, info[0]);
  if (key) info.GetReturnValue().Set(keyInfo(isolate, key->pkey()));
}

// op_subtle_secret_import(bytes) -> handle
void opSecretImport(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Bytes bytes;
  if (!copyBytes(info[0], bytes)) return throwTypeError(isolate, "key data is not a BufferSource");
  info.GetReturnValue().Set(wrapKey(isolate, KeyMaterial::secret(std::move(bytes))));
}

// op_subtle_secret_generate(byteLength) -> handle
void opSecretGenerate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  double length = info[0]->NumberValue(isolate->GetCurrentContext()).FromMaybe(-1);
  if (!(length >= 0 && length <= (1 << 20))) {
    return throwError(isolate, operationError("Invalid key length"));
  }
  Bytes bytes(static_cast<size_t>(length));
  if (!bytes.empty() && RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return throwError(isolate, operationError("The random number generator failed"));
  }
  info.GetReturnValue().Set(wrapKey(isolate, KeyMaterial::secret(std::move(bytes))));
}

// op_subtle_secret_export(handle) -> ArrayBuffer (a copy)
void opSecretExport(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapKey(isolate, info[0], KeyKind::Secret);
  if (!key) return;
  Bytes copy(key->secret().data(), key->secret().size());
  info.GetReturnValue().Set(std::move(copy).toArrayBuffer(isolate));
}

// op_subtle_secret_length(handle) -> byte length
void opSecretLength(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapKey(isolate, info[0], KeyKind::Secret);
  if (key) info.GetReturnValue().Set(static_cast<double>(key->secret().size()));
}

// op_subtle_is_handle(value) -> boolean
void opIsHandle(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  info.GetReturnValue().Set(handles(isolate).holderOf(isolate, info[0]) != nullptr);
}

}  // namespace

void installKeyOps(OpsBuilder& ops) {
  ops.add("op_subtle_import_der", opImportDer, 2);
  ops.add("op_subtle_export_der", opExportDer, 2);
  ops.add("op_subtle_key_info", opKeyInfo, 1);
  ops.add("op_subtle_secret_import", opSecretImport, 1);
  ops.add("op_subtle_secret_generate", opSecretGenerate, 1);
  ops.add("op_subtle_secret_export", opSecretExport, 1);
  ops.add("op_subtle_secret_length", opSecretLength, 1);
  ops.add("op_subtle_is_handle", opIsHandle, 1);
}

}  // namespace nano::subtle
