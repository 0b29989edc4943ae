#include "gcm_chunks.h"

#include <openssl/core_names.h>

#include <algorithm>
#include <limits>

namespace nano::subtle {

namespace {

// x * y in GCM's GF(2^128) (NIST SP 800-38D, algorithm 1), without branches
// on the operands: H is secret. A few hundred of these join a big input.
u128 multiply(u128 x, u128 y) {
  constexpr u128 kReduce = u128{0xE1} << 120;
  u128 z = 0;
  u128 v = y;
  for (int i = 127; i >= 0; i--) {
    z ^= v & (u128{0} - ((x >> i) & 1));
    v = (v >> 1) ^ (kReduce & (u128{0} - (v & 1)));
  }
  return z;
}

u128 power(u128 h, size_t n) {
  u128 result = u128{1} << 127;  // the field's 1, in GCM's reflected bit order
  for (; n > 0; n >>= 1) {
    if (n & 1) result = multiply(result, h);
    h = multiply(h, h);
  }
  return result;
}

// GCM's length block: bits of additional data, then bits of text.
u128 lengthBlock(size_t aadBytes, size_t textBytes) {
  return (u128{static_cast<uint64_t>(aadBytes) * 8} << 64) | static_cast<uint64_t>(textBytes) * 8;
}

// EVP_CipherUpdate takes an int length; chunks are far below it.
bool updateOnce(EVP_CIPHER_CTX* ctx, uint8_t* out, const uint8_t* in, size_t n) {
  int written = 0;
  return n <= static_cast<size_t>(std::numeric_limits<int>::max()) &&
         EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(n)) == 1;
}

bool readTag(EVP_CIPHER_CTX* ctx, uint8_t (&tag)[16]) {
  int finalLength = 0;
  uint8_t scratch[16];
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, sizeof tag),
      OSSL_PARAM_construct_end()};
  return EVP_CipherFinal_ex(ctx, scratch, &finalLength) == 1 &&
         EVP_CIPHER_CTX_get_params(ctx, params) == 1;
}

}  // namespace

std::unique_ptr<GcmChunks> GcmChunks::create(const EVP_CIPHER* gcm, const EVP_CIPHER* ctr,
                                             bool encrypt, const Bytes& key, const uint8_t* iv,
                                             const Bytes& aad, size_t tagBytes, size_t inputBytes,
                                             size_t chunkBytes, Error& error) {
  if (!gcm || !ctr || tagBytes < 4 || tagBytes > 16 || chunkBytes == 0 || chunkBytes % 16 != 0) {
    error = operationError("Invalid AES-GCM key, tag or chunk length");
    return nullptr;
  }
  if (!encrypt && inputBytes < tagBytes) {
    error = operationError("The data is shorter than the tag");
    return nullptr;
  }
  std::unique_ptr<GcmChunks> chunks(new GcmChunks);
  chunks->m_encrypt = encrypt;
  chunks->m_tagBytes = tagBytes;
  chunks->m_chunkBytes = chunkBytes;
  chunks->m_textBytes = encrypt ? inputBytes : inputBytes - tagBytes;
  chunks->m_aadBytes = aad.size();
  // The 32-bit block counter starts at 2 and may not wrap (SP 800-38D's
  // limit of 2^39 - 256 bits of text); the additional data's limit is 2^61 bytes.
  if (chunks->m_textBytes / 16 > 0xFFFFFFFDu || aad.size() > (uint64_t{1} << 61)) {
    error = operationError("The data is too long for AES-GCM");
    return nullptr;
  }
  std::memcpy(chunks->m_iv, iv, kIvBytes);
  size_t ivBytes = kIvBytes;
  OSSL_PARAM ivParams[] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivBytes),
                           OSSL_PARAM_construct_end()};
  for (Lane& lane : chunks->m_lanes) {
    lane.ghash.reset(EVP_CIPHER_CTX_new());
    lane.ctr.reset(EVP_CIPHER_CTX_new());
    if (!lane.ghash || !lane.ctr ||
        EVP_CipherInit_ex2(lane.ghash.get(), gcm, key.data(), nullptr, 1, ivParams) != 1 ||
        EVP_CipherInit_ex2(lane.ctr.get(), ctr, key.data(), nullptr, 1, nullptr) != 1) {
      error = operationError(opensslReason("AES-GCM setup failed"));
      return nullptr;
    }
  }
  Lane& lane = chunks->m_lanes[0];
  // H = E_K(0): CTR's keystream from a zero counter. E_K(J0): the tag of GCM
  // over nothing (GHASH of a zero length block is zero).
  uint8_t block[16] = {};
  uint8_t tag[16];
  if (EVP_CipherInit_ex2(lane.ctr.get(), nullptr, nullptr, block, 1, nullptr) != 1 ||
      !updateOnce(lane.ctr.get(), block, block, sizeof block) ||
      EVP_CipherInit_ex2(lane.ghash.get(), nullptr, nullptr, iv, 1, nullptr) != 1 ||
      !readTag(lane.ghash.get(), tag)) {
    error = operationError(opensslReason("AES-GCM setup failed"));
    return nullptr;
  }
  chunks->m_h = loadBlock(block);
  chunks->m_tagMask = loadBlock(tag);
  chunks->m_chunkLengthTerm = multiply(lengthBlock(chunkBytes, 0), chunks->m_h);
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(tag, sizeof tag);
  if (!aad.empty() && !chunks->partialHash(lane, aad.data(), aad.size(), chunks->m_aadPartial)) {
    error = operationError(opensslReason("AES-GCM failed"));
    return nullptr;
  }
  size_t count = (chunks->m_textBytes + chunkBytes - 1) / chunkBytes;
  chunks->m_partials.assign(count, 0);
  return chunks;
}

GcmChunks::~GcmChunks() {
  OPENSSL_cleanse(&m_h, sizeof m_h);
  OPENSSL_cleanse(&m_tagMask, sizeof m_tagMask);
  OPENSSL_cleanse(&m_chunkLengthTerm, sizeof m_chunkLengthTerm);
}

bool GcmChunks::partialHash(Lane& lane, const uint8_t* data, size_t n, u128& partial) {
  // The tag of GCM over additional data A alone is E_K(J0) ^ (GHASH(A) ^ L) * H
  // with L the length block: what is left, GHASH(A) * H, joins the others.
  uint8_t tag[16];
  if (EVP_CipherInit_ex2(lane.ghash.get(), nullptr, nullptr, m_iv, 1, nullptr) != 1 ||
      !updateOnce(lane.ghash.get(), nullptr, data, n) || !readTag(lane.ghash.get(), tag)) {
    return false;
  }
  u128 lengthTerm = n == m_chunkBytes ? m_chunkLengthTerm : multiply(lengthBlock(n, 0), m_h);
  partial = loadBlock(tag) ^ m_tagMask ^ lengthTerm;
  return true;
}

bool GcmChunks::process(size_t lane, size_t offset, const uint8_t* in, uint8_t* out, size_t n) {
  size_t text = offset < m_textBytes ? std::min(n, m_textBytes - offset) : 0;
  if (text > 0) {
    Lane& own = m_lanes[lane];
    u128& partial = m_partials[offset / m_chunkBytes];
    // GHASH covers the ciphertext: the input when decrypting (read before it
    // may be overwritten in place), the output when encrypting.
    if (!m_encrypt && !partialHash(own, in, text, partial)) return false;
    uint8_t counter[16];
    std::memcpy(counter, m_iv, kIvBytes);
    uint32_t first = static_cast<uint32_t>(2 + offset / 16);
    for (int i = 0; i < 4; i++) counter[kIvBytes + i] = static_cast<uint8_t>(first >> (24 - 8 * i));
    if (EVP_CipherInit_ex2(own.ctr.get(), nullptr, nullptr, counter, 1, nullptr) != 1 ||
        !updateOnce(own.ctr.get(), out, in, text)) {
      return false;
    }
    if (m_encrypt && !partialHash(own, out, text, partial)) return false;
  }
  // Decrypting, the input ends with the tag (which may straddle two chunks).
  if (n > text) std::memcpy(m_inputTag + (offset + text - m_textBytes), in + text, n - text);
  return true;
}

bool GcmChunks::finish(uint8_t* tagOut) {
  // Horner's rule over the pieces: additional data, then each chunk's text.
  u128 sum = m_aadPartial;
  u128 chunkPower = power(m_h, m_chunkBytes / 16);
  for (size_t j = 0; j < m_partials.size(); j++) {
    size_t bytes = std::min(m_chunkBytes, m_textBytes - j * m_chunkBytes);
    u128 shift = bytes == m_chunkBytes ? chunkPower : power(m_h, (bytes + 15) / 16);
    sum = multiply(sum, shift) ^ m_partials[j];
  }
  u128 tag = sum ^ multiply(lengthBlock(m_aadBytes, m_textBytes), m_h) ^ m_tagMask;
  uint8_t full[16];
  storeBlock(tag, full);
  bool ok = true;
  if (m_encrypt) {
    std::memcpy(tagOut, full, m_tagBytes);
  } else {
    ok = CRYPTO_memcmp(full, m_inputTag, m_tagBytes) == 0;
  }
  OPENSSL_cleanse(full, sizeof full);
  return ok;
}

}  // namespace nano::subtle
