// AES-CBC, AES-CTR, AES-GCM and AES-KW (WebCrypto §25-28). Keys are secret
// byte strings of 16, 24 or 32 bytes (keys.cc); parameters were normalized and
// range-checked by JS and are checked again here before OpenSSL sees them.
#include <openssl/core_names.h>

#include <array>

#include "../../core/errors.h"
#include "block128.h"
#include "gcm_chunks.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

enum class Mode { Cbc, Ctr, Gcm, Kw };

const EVP_CIPHER* fetchCipher(const char* name) { return EVP_CIPHER_fetch(nullptr, name, nullptr); }

// Fetched once per process (the lookups lock and allocate).
const EVP_CIPHER* cipherFor(Mode mode, size_t keyBytes) {
  static const std::array<std::array<const EVP_CIPHER*, 3>, 4> kCiphers = {{
      {fetchCipher("AES-128-CBC"), fetchCipher("AES-192-CBC"), fetchCipher("AES-256-CBC")},
      {fetchCipher("AES-128-CTR"), fetchCipher("AES-192-CTR"), fetchCipher("AES-256-CTR")},
      {fetchCipher("AES-128-GCM"), fetchCipher("AES-192-GCM"), fetchCipher("AES-256-GCM")},
      {fetchCipher("AES-128-WRAP"), fetchCipher("AES-192-WRAP"), fetchCipher("AES-256-WRAP")},
  }};
  int index = keyBytes == 16 ? 0 : keyBytes == 24 ? 1 : keyBytes == 32 ? 2 : -1;
  if (index < 0) return nullptr;
  return kCiphers[static_cast<size_t>(mode)][static_cast<size_t>(index)];
}

// EVP_CipherUpdate takes an int length: feed big inputs in slices.
bool update(EVP_CIPHER_CTX* ctx, uint8_t* out, size_t* written, const uint8_t* in, size_t size) {
  constexpr size_t kSlice = size_t{1} << 30;
  *written = 0;
  while (size > 0) {
    size_t n = std::min(size, kSlice);
    int outLength = 0;
    if (EVP_CipherUpdate(ctx, out + *written, &outLength, in, static_cast<int>(n)) != 1) return false;
    *written += static_cast<size_t>(outLength);
    in += n;
    size -= n;
  }
  return true;
}

// Encryption is in place: the input copy becomes the output (its spare room
// takes the padding). Decryption holds back a block for the padding check,
// which in-place processing cannot follow, so it writes a separate buffer.
JobResult cbc(bool encrypt, const Bytes& key, const Bytes& iv, Input& data) {
  const EVP_CIPHER* cipher = cipherFor(Mode::Cbc, key.size());
  if (!cipher || iv.size() != 16) return operationError("Invalid AES-CBC key or iv");
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv.data(), encrypt, nullptr) != 1) {
    return operationError(opensslReason("AES-CBC setup failed"));
  }
  Bytes separate = encrypt ? Bytes() : Bytes(data.size() + 16);
  uint8_t* out = nullptr;
  size_t written = 0;
  bool ok = data.chunks([&](uint8_t* p, size_t n) {
    if (!out) out = encrypt ? p : separate.data();  // the first chunk starts the buffer
    size_t w = 0;
    if (!update(ctx.get(), out + written, &w, p, n)) return false;
    written += w;
    return true;
  });
  Bytes result = encrypt ? data.take() : std::move(separate);
  if (!out) out = result.data();
  int finalLength = 0;
  if (!ok || EVP_CipherFinal_ex(ctx.get(), out + written, &finalLength) != 1) {
    return operationError(encrypt ? opensslReason("AES-CBC encryption failed")
                                  : std::string("AES-CBC decryption failed (bad padding or length)"));
  }
  result.truncate(written + static_cast<size_t>(finalLength));
  if (encrypt) result.setPublic();
  else result.setSecret();
  return JobResult::bytes(std::move(result));
}

bool ctrPart(const EVP_CIPHER* cipher, const Bytes& key, const uint8_t* iv, const uint8_t* in,
             size_t size, uint8_t* out) {
  if (size == 0) return true;
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  size_t written = 0;
  return ctx && EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv, 1, nullptr) == 1 &&
         update(ctx.get(), out, &written, in, size) && written == size;
}

// CTR where only the rightmost `length` bits of the counter block count: they
// wrap to zero without carrying into the nonce bits (OpenSSL carries through
// all 128, so the input is split where the counter wraps). In place.
JobResult ctr(const Bytes& key, const Bytes& counter, unsigned length, Input& input) {
  const EVP_CIPHER* cipher = cipherFor(Mode::Ctr, key.size());
  if (!cipher || counter.size() != 16 || length == 0 || length > 128) {
    return operationError("Invalid AES-CTR key, counter or length");
  }
  u128 block = loadBlock(counter.data());
  size_t size = input.size();
  size_t blocks = (size + 15) / 16;
  u128 mask = length == 128 ? ~u128{0} : (u128{1} << length) - 1;
  if (length < 128 && static_cast<u128>(blocks) > mask + 1) {
    return operationError("The data is too long for the counter length");
  }
  Bytes data = input.take();
  u128 low = block & mask;
  // Blocks left before the counter bits wrap (all of them when length is 128).
  u128 beforeWrap = length == 128 ? ~u128{0} : mask - low + 1;
  size_t firstBytes = size;
  if (static_cast<u128>(blocks) > beforeWrap) firstBytes = static_cast<size_t>(beforeWrap) * 16;
  uint8_t iv[16];  // one AES block, the size of the algorithm
  std::memcpy(iv, counter.data(), 16);
  if (!ctrPart(cipher, key, iv, data.data(), firstBytes, data.data())) {
    return operationError(opensslReason("AES-CTR failed"));
  }
  if (firstBytes < size) {
    storeBlock(block & ~mask, iv);
    if (!ctrPart(cipher, key, iv, data.data() + firstBytes, size - firstBytes, data.data() + firstBytes)) {
      return operationError(opensslReason("AES-CTR failed"));
    }
  }
  data.truncate(size);
  return JobResult::bytes(std::move(data));
}

bool validTagLength(unsigned bits) {
  switch (bits) {
    case 32: case 64: case 96: case 104: case 112: case 120: case 128: return true;
    default: return false;
  }
}

// AES-GCM, set up on the runtime thread at call time and fed by the input's
// consumer on either thread; in place: the input's buffer becomes the output,
// its spare room taking the tag (encryption).
struct Gcm {
  CipherCtxPtr ctx;
  bool encrypt = true;
  size_t textBytes = 0;
  size_t tagBytes = 0;
  size_t position = 0;  // of the input: the text, then (decrypting) the tag
  uint8_t tag[16] = {};  // the tag that ends the input (decryption)

  bool consume(const uint8_t* in, uint8_t* out, size_t n) {
    size_t text = position < textBytes ? std::min(n, textBytes - position) : 0;
    size_t written = 0;
    if (text > 0 && !update(ctx.get(), out, &written, in, text)) return false;
    if (n > text) std::memcpy(tag + (position + text - textBytes), in + text, n - text);
    position += n;
    return true;
  }
};

// Null, with error set, when the parameters or OpenSSL refuse.
std::shared_ptr<Gcm> startGcm(bool encrypt, const Bytes& key, const Bytes& iv, const Bytes& aad, unsigned tagBits,
                              size_t size, Error& error) {
  const EVP_CIPHER* cipher = cipherFor(Mode::Gcm, key.size());
  if (!cipher || !validTagLength(tagBits)) {
    error = operationError("Invalid AES-GCM key or tag length");
    return nullptr;
  }
  if (iv.empty()) {
    error = operationError("The AES-GCM iv must not be empty");
    return nullptr;
  }
  auto gcm = std::make_shared<Gcm>();
  gcm->encrypt = encrypt;
  gcm->tagBytes = tagBits / 8;
  if (!encrypt && size < gcm->tagBytes) {
    error = operationError("The data is shorter than the tag");
    return nullptr;
  }
  gcm->textBytes = encrypt ? size : size - gcm->tagBytes;
  gcm->ctx.reset(EVP_CIPHER_CTX_new());
  size_t ivLength = iv.size();
  OSSL_PARAM ivParams[] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivLength),
                           OSSL_PARAM_construct_end()};
  if (!gcm->ctx || EVP_CipherInit_ex2(gcm->ctx.get(), cipher, nullptr, nullptr, encrypt, ivParams) != 1 ||
      EVP_CipherInit_ex2(gcm->ctx.get(), nullptr, key.data(), iv.data(), encrypt, nullptr) != 1) {
    error = operationError(opensslReason("AES-GCM setup failed"));
    return nullptr;
  }
  size_t ignored = 0;
  if (!aad.empty() && !update(gcm->ctx.get(), nullptr, &ignored, aad.data(), aad.size())) {
    error = operationError(opensslReason("AES-GCM failed"));
    return nullptr;
  }
  return gcm;
}

JobResult finishGcm(Gcm& gcm, Input& data) {
  bool consumed = data.consume();
  Bytes out = data.take();
  if (!consumed) {
    out.setSecret();  // part of it may be unauthenticated plaintext
    return operationError(opensslReason("AES-GCM failed"));
  }
  if (!gcm.encrypt) {
    OSSL_PARAM tagParams[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, gcm.tag, gcm.tagBytes),
                              OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_set_params(gcm.ctx.get(), tagParams) != 1) {
      out.setSecret();
      return operationError(opensslReason("AES-GCM failed"));
    }
  }
  int finalLength = 0;
  uint8_t scratch[16];  // GCM's final step writes no bytes; room for one block regardless
  if (EVP_CipherFinal_ex(gcm.ctx.get(), scratch, &finalLength) != 1) {
    out.setSecret();  // unauthenticated plaintext: cleansed, never returned
    return operationError(gcm.encrypt ? opensslReason("AES-GCM encryption failed")
                                      : std::string("The AES-GCM tag does not match"));
  }
  if (gcm.encrypt) {
    OSSL_PARAM tagParams[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out.data() + gcm.textBytes, gcm.tagBytes),
        OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_get_params(gcm.ctx.get(), tagParams) != 1) {
      return operationError(opensslReason("AES-GCM failed"));
    }
  }
  out.truncate(gcm.textBytes + (gcm.encrypt ? gcm.tagBytes : 0));
  return JobResult::bytes(std::move(out));
}

// The chunked AES-GCM (both threads at work) for inputs this big with a 96-bit IV.
constexpr size_t kChunkedGcmMin = 2 * Input::kChunk;

JobResult finishGcmChunks(GcmChunks& gcm, bool encrypt, Input& data) {
  bool processed = data.processChunks();
  Bytes out = data.take();
  if (!processed) {
    out.setSecret();  // part of it may be unauthenticated plaintext
    return operationError(opensslReason("AES-GCM failed"));
  }
  if (!gcm.finish(out.data() + gcm.textBytes())) {
    out.setSecret();  // unauthenticated plaintext: cleansed, never returned
    return operationError("The AES-GCM tag does not match");
  }
  out.truncate(gcm.textBytes() + (encrypt ? gcm.tagBytes() : 0));
  return JobResult::bytes(std::move(out));
}

// RFC 3394 key wrap without padding.
JobResult kw(bool wrap, const Bytes& key, const Bytes& data) {
  const EVP_CIPHER* cipher = cipherFor(Mode::Kw, key.size());
  if (!cipher) return operationError("Invalid AES-KW key");
  if (data.size() % 8 != 0 || data.size() < (wrap ? 16u : 24u)) {
    return operationError(wrap ? "AES-KW wraps a multiple of 8 bytes, at least 16"
                               : "AES-KW unwraps a multiple of 8 bytes, at least 24");
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return operationError("AES-KW setup failed");
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nullptr, wrap, nullptr) != 1) {
    return operationError(opensslReason("AES-KW setup failed"));
  }
  Bytes out(data.size() + 8);
  size_t written = 0;
  int finalLength = 0;
  if (!update(ctx.get(), out.data(), &written, data.data(), data.size()) ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &finalLength) != 1) {
    return operationError(wrap ? opensslReason("AES-KW wrap failed")
                               : std::string("AES-KW unwrap failed (integrity check)"));
  }
  out.truncate(written + static_cast<size_t>(finalLength));
  if (wrap) out.setPublic();
  return JobResult::bytes(std::move(out));
}

unsigned argUnsigned(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  double n = value->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  return n >= 0 && n <= 4294967295.0 ? static_cast<unsigned>(n) : 0;
}

// op_subtle_aes_cbc(encrypt, handle, iv, data) -> Promise<ArrayBuffer>
void opAesCbc(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->IsTrue();
  KeyPtr key = unwrapKey(isolate, info[1], KeyKind::Secret);
  if (!key) return;
  Bytes iv;
  if (!copyBytes(info[2], iv)) return throwTypeError(isolate, "iv is not a BufferSource");
  InputPtr data = readInput(isolate, info[3], "data", encrypt ? 16 : 0);  // room for the padding
  if (!data) return;
  bool offThread = data->size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(
      isolate, offThread,
      [encrypt, key = std::move(key), iv = std::move(iv), data] { return cbc(encrypt, key->secret(), iv, *data); },
      data));
}

// op_subtle_aes_ctr(handle, counter, length, data) -> Promise<ArrayBuffer>
void opAesCtr(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  KeyPtr key = unwrapKey(isolate, info[0], KeyKind::Secret);
  if (!key) return;
  Bytes counter;
  if (!copyBytes(info[1], counter)) return throwTypeError(isolate, "counter is not a BufferSource");
  unsigned length = argUnsigned(isolate, info[2]);
  InputPtr data = readInput(isolate, info[3], "data");
  if (!data) return;
  bool offThread = data->size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(
      isolate, offThread,
      [key = std::move(key), counter = std::move(counter), length, data] {
        return ctr(key->secret(), counter, length, *data);
      },
      data));
}

// op_subtle_aes_gcm(encrypt, handle, iv, additionalData | undefined, tagLength, data)
void opAesGcm(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  bool encrypt = info[0]->IsTrue();
  KeyPtr key = unwrapKey(isolate, info[1], KeyKind::Secret);
  if (!key) return;
  Bytes iv, aad;
  if (!copyBytes(info[2], iv) || (!info[3]->IsUndefined() && !copyBytes(info[3], aad))) {
    return throwTypeError(isolate, "iv and additionalData must be BufferSources");
  }
  unsigned tagBits = argUnsigned(isolate, info[4]);
  InputPtr data = readInput(isolate, info[5], "data", encrypt ? 16 : 0);  // room for the tag
  if (!data) return;
  Error error;
  bool offThread = data->size() + aad.size() > kInlineLimit;
  if (iv.size() == GcmChunks::kIvBytes && data->size() >= kChunkedGcmMin && validTagLength(tagBits)) {
    std::shared_ptr<GcmChunks> chunks =
        GcmChunks::create(cipherFor(Mode::Gcm, key->secret().size()), cipherFor(Mode::Ctr, key->secret().size()),
                          encrypt, key->secret(), iv.data(), aad, tagBits / 8, data->size(), Input::kChunk, error);
    if (chunks) {
      data->setChunkProcessor([chunks](size_t lane, size_t offset, const uint8_t* in, uint8_t* out, size_t n) {
        return chunks->process(lane, offset, in, out, n);
      });
    }
    info.GetReturnValue().Set(runJob(
        isolate, offThread,
        [chunks, encrypt, error = std::move(error), data]() -> JobResult {
          return chunks ? finishGcmChunks(*chunks, encrypt, *data) : error;
        },
        data));
    return;
  }
  std::shared_ptr<Gcm> gcm = startGcm(encrypt, key->secret(), iv, aad, tagBits, data->size(), error);
  if (gcm) data->setConsumer([gcm](const uint8_t* in, uint8_t* out, size_t n) { return gcm->consume(in, out, n); });
  info.GetReturnValue().Set(runJob(
      isolate, offThread,
      [gcm, error = std::move(error), data]() -> JobResult { return gcm ? finishGcm(*gcm, *data) : error; }, data));
}

// op_subtle_aes_kw(wrap, handle, data) -> Promise<ArrayBuffer>
void opAesKw(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  bool wrap = info[0]->IsTrue();
  KeyPtr key = unwrapKey(isolate, info[1], KeyKind::Secret);
  if (!key) return;
  Bytes data;
  if (!copyBytes(info[2], data)) return throwTypeError(isolate, "data is not a BufferSource");
  bool offThread = data.size() > kInlineLimit;
  info.GetReturnValue().Set(
      runJob(isolate, offThread, [wrap, key = std::move(key), data = std::move(data)] {
        return kw(wrap, key->secret(), data);
      }));
}

}  // namespace

void installAesOps(OpsBuilder& ops) {
  ops.add("op_subtle_aes_cbc", opAesCbc, 4);
  ops.add("op_subtle_aes_ctr", opAesCtr, 4);
  ops.add("op_subtle_aes_gcm", opAesGcm, 6);
  ops.add("op_subtle_aes_kw", opAesKw, 3);
}

}  // namespace nano::subtle
