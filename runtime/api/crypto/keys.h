#pragma once
// Key material of a CryptoKey. It lives only here: JS holds an opaque handle
// object (a "CryptoKeyHandle") whose internal field points at a
// shared_ptr<KeyMaterial>; jobs on the threadpool hold their own reference, so
// a key collected mid-operation stays valid until the operation ends.
#include <memory>
#include <mutex>
#include <vector>

#include "common.h"

namespace nano::subtle {

enum class KeyKind { Secret, Public, Private };

class KeyMaterial {
 public:
  static std::shared_ptr<KeyMaterial> secret(Bytes bytes);
  // Takes ownership of pkey. A public key may wrap a private EVP_PKEY (the
  // pair from generateKey shares one); only public operations reach it.
  static std::shared_ptr<KeyMaterial> asymmetric(KeyKind kind, EVP_PKEY* pkey);

  KeyMaterial(KeyKind kind, Bytes secret, EVP_PKEY* pkey)
      : m_kind(kind), m_secret(std::move(secret)), m_pkey(pkey) {}
  ~KeyMaterial();
  KeyMaterial(const KeyMaterial&) = delete;
  KeyMaterial& operator=(const KeyMaterial&) = delete;

  KeyKind kind() const { return m_kind; }
  const Bytes& secret() const { return m_secret; }
  EVP_PKEY* pkey() const { return m_pkey; }

  // A context ready for EVP_DigestSign (sign) or EVP_DigestVerify with this
  // key and md (null for Ed25519/Ed448), or null. Each call gets its own copy
  // of a context set up once per key and md: EVP_DigestSignInit fetches the
  // algorithm and prepares the key on every call, as much as a sixth of an
  // ECDSA P-256 signature. Copies finalise in place (the one-shot use they
  // get), which spares OpenSSL a copy of its own. Any thread.
  MdCtxPtr signatureContext(bool sign, const EVP_MD* md) const;

 private:
  struct PreparedContext {
    bool sign;
    const EVP_MD* md;
    MdCtxPtr ctx;
  };

  KeyKind m_kind;
  Bytes m_secret;  // cleansed by ~Bytes
  EVP_PKEY* m_pkey;
  mutable std::mutex m_mutex;  // jobs on several threads may share a key
  mutable std::vector<PreparedContext> m_prepared;
};

using KeyPtr = std::shared_ptr<KeyMaterial>;

// The JS handle object of a key (new on every call).
v8::Local<v8::Object> wrapKey(v8::Isolate* isolate, KeyPtr key);
// The key behind a handle, or null (and a TypeError thrown) when value is not one.
KeyPtr unwrapKey(v8::Isolate* isolate, v8::Local<v8::Value> value);
// Same, requiring the kind; throws InvalidAccessError otherwise.
KeyPtr unwrapKey(v8::Isolate* isolate, v8::Local<v8::Value> value, KeyKind kind);
KeyPtr unwrapAsymmetric(v8::Isolate* isolate, v8::Local<v8::Value> value);

// The EVP_PKEY_is_a-style family of a key: "RSA", "EC", "ED25519", "X25519",
// "ED448", "X448", or "" for anything else (RSA-PSS restricted keys included).
const char* pkeyFamily(EVP_PKEY* pkey);

// EC keys imported from compressed points export uncompressed ones, as
// WebCrypto's raw and spki exports are.
void uncompressedPoints(EVP_PKEY* pkey);

// A new EVP_PKEY from OSSL_PARAMs (EVP_PKEY_fromdata), or null.
PkeyPtr pkeyFromParams(const char* type, int selection, const OSSL_PARAM* params);

}  // namespace nano::subtle
