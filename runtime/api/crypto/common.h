#pragma once
// Shared plumbing of the crypto.subtle ops: byte buffers that leave no secrets
// behind, the spec's error names, OpenSSL smart pointers and argument readers.
// The JS half (26_subtle.js) does WebIDL conversion and algorithm
// normalization; ops here trust the shape of what it passes but never the
// bytes: every length and encoding is checked again before OpenSSL sees it.
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <v8.h>

#include "../ops.h"

namespace nano::subtle {

// A heap buffer that is cleansed before it is freed unless marked public (key
// material, derived secrets, plaintexts). Buffers of 1 MiB and more are
// recycled through a process-wide pool (common.cc).
class Bytes {
 public:
  Bytes() = default;
  explicit Bytes(size_t size);
  Bytes(const uint8_t* data, size_t size);
  Bytes(Bytes&& other) noexcept { swap(other); }
  Bytes& operator=(Bytes&& other) noexcept {
    Bytes(std::move(other)).swap(*this);
    return *this;
  }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;
  ~Bytes();

  uint8_t* data() { return m_data; }
  const uint8_t* data() const { return m_data; }
  size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  // Shrinks the visible size (the allocation stays, the cut bytes are
  // cleansed): for outputs whose exact length is known only afterwards.
  void truncate(size_t size) {
    if (size >= m_size) return;
    if (m_secret) OPENSSL_cleanse(m_data + size, m_size - size);
    m_size = size;
  }
  // Public data (ciphertexts, digests, copies of what JS still holds) need no
  // cleansing on free; key material does.
  void setPublic() { m_secret = false; }
  void setSecret() { m_secret = true; }
  void swap(Bytes& other) noexcept {
    std::swap(m_data, other.m_data);
    std::swap(m_size, other.m_size);
    std::swap(m_capacity, other.m_capacity);
    std::swap(m_secret, other.m_secret);
  }

  // Hands the allocation to a V8 ArrayBuffer (no copy).
  v8::Local<v8::ArrayBuffer> toArrayBuffer(v8::Isolate* isolate) &&;

 private:
  uint8_t* m_data = nullptr;
  size_t m_size = 0;
  size_t m_capacity = 0;
  bool m_secret = true;
};

// The DOMException names the spec uses (plus TypeError for argument errors).
struct Error {
  std::string name;
  std::string message;
};

inline Error operationError(std::string message) { return {"OperationError", std::move(message)}; }
inline Error dataError(std::string message) { return {"DataError", std::move(message)}; }
inline Error notSupported(std::string message) { return {"NotSupportedError", std::move(message)}; }
// OpenSSL's own reason for the most recent failure, appended to `what`.
std::string opensslReason(std::string_view what);

// The new DOMException(message, name) value (TypeError for "TypeError").
v8::Local<v8::Value> makeError(v8::Isolate* isolate, const Error& error);
void throwError(v8::Isolate* isolate, const Error& error);

// Copies the bytes of an ArrayBuffer or ArrayBufferView (WebCrypto "get a
// copy of the bytes held by the buffer source"), marked public. False when
// value is neither.
bool copyBytes(v8::Local<v8::Value> value, Bytes& out);

std::string argString(v8::Isolate* isolate, v8::Local<v8::Value> value);
v8::Local<v8::Value> toUint8Array(v8::Isolate* isolate, Bytes bytes);

// OpenSSL objects with their free functions.
template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

// "SHA-1" / "SHA-256" / "SHA-384" / "SHA-512" (the names JS normalized) or null.
const EVP_MD* digestByName(std::string_view name);
// The OpenSSL name of the same digests, for OSSL_PARAMs.
const char* opensslDigestName(std::string_view name);

// Big-endian unsigned bytes of a BIGNUM, left-padded to `width` when non-zero.
Bytes bignumBytes(const BIGNUM* bn, size_t width = 0);

}  // namespace nano::subtle
