#pragma once
// AES-GCM with a 96-bit IV, cut into chunks that two threads process at once.
//
// One GCM pass runs on one core, and a big input on two cores is twice as
// fast only if its chunks are independent. They are: chunk j's keystream is
// plain CTR from counter 2 + offset/16 (a 96-bit IV puts the block counter in
// the last 32 bits, which never wrap within GCM's length limit), and GHASH is
// linear, so each chunk's GHASH is computed alone and the partial results are
// joined at the end by multiplying with powers of H (Horner's rule). OpenSSL
// computes each chunk's GHASH as the tag of a GCM operation fed the chunk as
// additional data only; its tag, minus the known terms, is the partial sum.
#include <memory>
#include <vector>

#include "block128.h"
#include "common.h"

namespace nano::subtle {

class GcmChunks {
 public:
  static constexpr size_t kLanes = 2;  // threads that may process chunks at once
  static constexpr size_t kIvBytes = 12;

  // Null, with error set, when the key or lengths are refused. `gcm` and `ctr`
  // are the AES-GCM and AES-CTR ciphers of the key's size; `inputBytes`
  // includes the tag when decrypting; chunks are `chunkBytes` long (a multiple
  // of 16) except the last.
  static std::unique_ptr<GcmChunks> create(const EVP_CIPHER* gcm, const EVP_CIPHER* ctr,
                                           bool encrypt, const Bytes& key, const uint8_t* iv,
                                           const Bytes& aad, size_t tagBytes, size_t inputBytes,
                                           size_t chunkBytes, Error& error);
  ~GcmChunks();
  GcmChunks(const GcmChunks&) = delete;
  GcmChunks& operator=(const GcmChunks&) = delete;

  // Encrypts or decrypts the chunk at `offset` (n bytes, n == chunkBytes but
  // for the last) from `in` to `out` (which may be `in`). Each chunk once, in
  // any order; at most one call per lane at a time. False when OpenSSL fails.
  bool process(size_t lane, size_t offset, const uint8_t* in, uint8_t* out, size_t n);

  // Once every chunk was processed: the tag. Encrypting, writes it to `tagOut`
  // (tagBytes); decrypting, checks it against the input's own tag. False when
  // it does not match.
  bool finish(uint8_t* tagOut);

  size_t textBytes() const { return m_textBytes; }
  size_t tagBytes() const { return m_tagBytes; }

 private:
  struct Lane {
    CipherCtxPtr ghash;  // AES-GCM fed additional data only: its tag yields GHASH
    CipherCtxPtr ctr;    // the keystream
  };
  GcmChunks() = default;
  // GHASH of `data` (zero-padded to whole blocks) times H, from lane's GCM.
  bool partialHash(Lane& lane, const uint8_t* data, size_t n, u128& partial);

  bool m_encrypt = true;
  size_t m_textBytes = 0;
  size_t m_tagBytes = 16;
  size_t m_chunkBytes = 0;
  size_t m_aadBytes = 0;
  uint8_t m_iv[kIvBytes] = {};
  u128 m_h = 0;                // E_K(0^128), GHASH's multiplier
  u128 m_tagMask = 0;          // E_K(J0), J0 = IV || 1
  u128 m_chunkLengthTerm = 0;  // a whole chunk's length block (as additional data) times H
  u128 m_aadPartial = 0;
  std::vector<u128> m_partials;  // per chunk, the text's GHASH times H
  uint8_t m_inputTag[16] = {};   // decrypting: the tag that ends the input
  Lane m_lanes[kLanes];
};

}  // namespace nano::subtle
