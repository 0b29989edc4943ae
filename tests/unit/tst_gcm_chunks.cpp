// GcmChunks (AES-GCM cut into independent chunks) against OpenSSL's one-shot
// AES-GCM: the same ciphertext and tag for every key size, tag length, amount
// of additional data and chunk size, whatever order and lane the chunks are
// processed in, in place or not; decryption gives the plaintext back and
// refuses a changed tag, ciphertext or additional data.
#include <QtTest>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstring>
#include <optional>
#include <vector>

#include "api/crypto/gcm_chunks.h"

using nano::subtle::Bytes;
using nano::subtle::Error;
using nano::subtle::GcmChunks;

namespace {

std::vector<uint8_t> pattern(size_t n, unsigned seed) {
  std::vector<uint8_t> bytes(n);
  for (size_t i = 0; i < n; i++) bytes[i] = static_cast<uint8_t>(i * 31 + seed + (i >> 8));
  return bytes;
}

Bytes toBytes(const std::vector<uint8_t>& v) {
  return Bytes(v.data(), v.size());
}

const EVP_CIPHER* cipher(const char* mode, size_t keyBytes) {
  QByteArray name = QByteArray("AES-") + QByteArray::number(int(keyBytes * 8)) + "-" + mode;
  return EVP_CIPHER_fetch(nullptr, name.constData(),
                          nullptr);  // cached by OpenSSL, never freed here
}

// OpenSSL in one go: ciphertext || tag.
std::vector<uint8_t> referenceEncrypt(const std::vector<uint8_t>& key,
                                      const std::vector<uint8_t>& iv,
                                      const std::vector<uint8_t>& aad,
                                      const std::vector<uint8_t>& text, size_t tagBytes) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  std::vector<uint8_t> out(text.size() + tagBytes);
  int n = 0;
  bool ok =
      EVP_EncryptInit_ex2(ctx, cipher("GCM", key.size()), key.data(), iv.data(), nullptr) == 1 &&
      (aad.empty() || EVP_EncryptUpdate(ctx, nullptr, &n, aad.data(), int(aad.size())) == 1) &&
      EVP_EncryptUpdate(ctx, out.data(), &n, text.data(), int(text.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx, out.data() + n, &n) == 1;
  uint8_t tag[16];
  OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, 16),
                         OSSL_PARAM_construct_end()};
  ok = ok && EVP_CIPHER_CTX_get_params(ctx, params) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return {};
  std::memcpy(out.data() + text.size(), tag, tagBytes);
  return out;
}

enum class Order { Forward, Backward, Alternating };

// Runs GcmChunks over input; encrypting, the output is text || tag.
std::optional<std::vector<uint8_t>> runChunks(bool encrypt, const std::vector<uint8_t>& key,
                                              const std::vector<uint8_t>& iv,
                                              const std::vector<uint8_t>& aad,
                                              const std::vector<uint8_t>& input, size_t tagBytes,
                                              size_t chunkBytes, Order order, bool inPlace) {
  Error error;
  auto gcm =
      GcmChunks::create(cipher("GCM", key.size()), cipher("CTR", key.size()), encrypt, toBytes(key),
                        iv.data(), toBytes(aad), tagBytes, input.size(), chunkBytes, error);
  if (!gcm) {
    qWarning("create failed: %s", error.message.c_str());
    return std::nullopt;
  }
  std::vector<uint8_t> out(input.size() + (encrypt ? tagBytes : 0));
  if (inPlace) std::memcpy(out.data(), input.data(), input.size());
  size_t count = (input.size() + chunkBytes - 1) / chunkBytes;
  for (size_t k = 0; k < count; k++) {
    size_t chunk = order == Order::Forward    ? k
                   : order == Order::Backward ? count - 1 - k
                                              : (k % 2 == 0 ? k / 2 : count - 1 - k / 2);
    size_t offset = chunk * chunkBytes;
    size_t n = std::min(chunkBytes, input.size() - offset);
    const uint8_t* in = inPlace ? out.data() + offset : input.data() + offset;
    if (!gcm->process(k % GcmChunks::kLanes, offset, in, out.data() + offset, n))
      return std::nullopt;
  }
  if (!gcm->finish(out.data() + gcm->textBytes())) return std::nullopt;
  out.resize(gcm->textBytes() + (encrypt ? tagBytes : 0));
  return out;
}

}  // namespace

class TestGcmChunks : public QObject {
  Q_OBJECT

 private slots:
  void matchesOneShot_data() {
    QTest::addColumn<int>("keyBytes");
    QTest::addColumn<int>("textBytes");
    QTest::addColumn<int>("aadBytes");
    QTest::addColumn<int>("tagBytes");
    QTest::addColumn<int>("chunkBytes");
    QTest::newRow("one block") << 32 << 16 << 0 << 16 << 64;
    QTest::newRow("empty text, aad only") << 32 << 0 << 40 << 16 << 64;
    QTest::newRow("partial last block") << 16 << 1000 << 0 << 16 << 64;
    QTest::newRow("many small chunks, aad") << 24 << 1000 << 17 << 12 << 32;
    QTest::newRow("chunk of one block") << 32 << 333 << 1 << 4 << 16;
    QTest::newRow("64 KiB chunks, ends mid-chunk") << 32 << 3 * 65536 + 5 << 40 << 16 << 65536;
    QTest::newRow("64 KiB chunks, whole chunks") << 16 << 4 * 65536 << 0 << 8 << 65536;
    QTest::newRow("big aad") << 32 << 65536 + 16 << 100000 << 16 << 65536;
  }

  void matchesOneShot() {
    QFETCH(int, keyBytes);
    QFETCH(int, textBytes);
    QFETCH(int, aadBytes);
    QFETCH(int, tagBytes);
    QFETCH(int, chunkBytes);
    auto key = pattern(size_t(keyBytes), 1);
    auto iv = pattern(12, 2);
    auto aad = pattern(size_t(aadBytes), 3);
    auto text = pattern(size_t(textBytes), 4);
    auto expected = referenceEncrypt(key, iv, aad, text, size_t(tagBytes));
    QVERIFY(!expected.empty());
    for (Order order : {Order::Forward, Order::Backward, Order::Alternating}) {
      for (bool inPlace : {false, true}) {
        auto sealed = runChunks(true, key, iv, aad, text, size_t(tagBytes), size_t(chunkBytes),
                                order, inPlace);
        QVERIFY(sealed.has_value());
        QVERIFY2(*sealed == expected, "ciphertext or tag differs from OpenSSL's");
        // Decryption: the input is ciphertext || tag, so the tag may straddle chunks.
        auto opened = runChunks(false, key, iv, aad, expected, size_t(tagBytes), size_t(chunkBytes),
                                order, inPlace);
        QVERIFY(opened.has_value());
        QVERIFY2(*opened == text, "decryption did not give the plaintext back");
      }
    }
  }

  void refusesTampering() {
    auto key = pattern(32, 5);
    auto iv = pattern(12, 6);
    auto aad = pattern(20, 7);
    auto text = pattern(2 * 65536 + 100, 8);
    auto sealed = referenceEncrypt(key, iv, aad, text, 16);
    QVERIFY(!sealed.empty());
    for (size_t at : {size_t(0), size_t(65536), sealed.size() - 17, sealed.size() - 1}) {
      auto changed = sealed;
      changed[at] ^= 1;
      QVERIFY2(
          !runChunks(false, key, iv, aad, changed, 16, 65536, Order::Backward, false).has_value(),
          "a changed ciphertext or tag was accepted");
    }
    auto otherAad = aad;
    otherAad[0] ^= 1;
    QVERIFY(
        !runChunks(false, key, iv, otherAad, sealed, 16, 65536, Order::Forward, true).has_value());
  }

  void refusesBadParameters() {
    Error error;
    Bytes key(32);
    uint8_t iv[12] = {};
    QVERIFY(!GcmChunks::create(cipher("GCM", 32), cipher("CTR", 32), true, key, iv, Bytes(), 16,
                               100, 100, error));
    QCOMPARE(error.name, std::string("OperationError"));  // chunks must be whole blocks
    QVERIFY(!GcmChunks::create(cipher("GCM", 32), cipher("CTR", 32), false, key, iv, Bytes(), 16,
                               15, 64, error));
    QVERIFY(QString::fromStdString(error.message).contains("shorter than the tag"));
  }
};

QTEST_GUILESS_MAIN(TestGcmChunks)
#include "tst_gcm_chunks.moc"
