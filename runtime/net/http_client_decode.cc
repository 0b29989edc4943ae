#include "http_client_decode.h"

#include "../core/ascii.h"

#include <algorithm>

#include <brotli/decode.h>
#include <zlib.h>

namespace nano {

class BodyDecoder::Stage {
 public:
  virtual ~Stage() = default;
  // Consumes pending input, appending at most maxOutput bytes to out.
  virtual bool step(std::string& out, size_t maxOutput, NetError& error) = 0;
  virtual bool hasMoreOutput() const = 0;

  void append(const char* data, size_t length) {
    if (m_offset > 0 && m_offset * 2 >= m_input.size()) {
      m_input.erase(0, m_offset);
      m_offset = 0;
    }
    m_input.append(data, length);
  }
  bool hasInput() const { return m_offset < m_input.size(); }

 protected:
  std::string m_input;
  size_t m_offset = 0;
};

namespace {

class ZlibStage final : public BodyDecoder::Stage {
 public:
  explicit ZlibStage(bool gzip) : m_gzip(gzip) {}
  ~ZlibStage() override {
    if (m_initialized) inflateEnd(&m_stream);
  }

  bool step(std::string& out, size_t maxOutput, NetError& error) override {
    m_full = false;
    if (!m_initialized && !initialize(error)) return !error.code.size();
    size_t start = out.size();
    out.resize(start + maxOutput);
    m_stream.next_out = reinterpret_cast<Bytef*>(out.data() + start);
    m_stream.avail_out = static_cast<uInt>(maxOutput);
    bool ok = true;
    while (!m_ended && hasInput() && m_stream.avail_out > 0) {
      m_stream.next_in = reinterpret_cast<Bytef*>(m_input.data() + m_offset);
      m_stream.avail_in = static_cast<uInt>(std::min<size_t>(m_input.size() - m_offset, UINT32_MAX));
      uInt before = m_stream.avail_in;
      int rc = inflate(&m_stream, Z_SYNC_FLUSH);
      m_offset += before - m_stream.avail_in;
      if (rc == Z_STREAM_END) {
        // gzip may have more members; anything else after the end is ignored.
        if (m_gzip && hasInput() && static_cast<unsigned char>(m_input[m_offset]) == 0x1f) {
          inflateReset(&m_stream);
        } else {
          m_ended = true;
          m_offset = m_input.size();
        }
        continue;
      }
      if (rc == Z_BUF_ERROR) break;  // needs more input or more room
      if (rc != Z_OK) {
        error = {rc == Z_MEM_ERROR ? "Z_MEM_ERROR" : "Z_DATA_ERROR",
                 std::string("Decompression failed: ") + (m_stream.msg ? m_stream.msg : "invalid data")};
        ok = false;
        break;
      }
    }
    m_full = m_stream.avail_out == 0;
    out.resize(out.size() - m_stream.avail_out);
    return ok;
  }

  bool hasMoreOutput() const override { return m_full && !m_ended; }

 private:
  bool initialize(NetError& error) {
    int windowBits = 15 + 32;  // zlib or gzip, detected from the header
    if (!m_gzip) {
      // "deflate" is meant to be zlib-wrapped, but servers also send raw deflate.
      if (m_input.size() - m_offset < 2) return false;
      auto cmf = static_cast<unsigned char>(m_input[m_offset]);
      auto flg = static_cast<unsigned char>(m_input[m_offset + 1]);
      bool zlibHeader = (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
      if (!zlibHeader) windowBits = -15;
    }
    if (inflateInit2(&m_stream, windowBits) != Z_OK) {
      error = {"Z_MEM_ERROR", "Decompression failed: cannot initialize zlib"};
      return false;
    }
    m_initialized = true;
    return true;
  }

  bool m_gzip;
  bool m_initialized = false;
  bool m_ended = false;
  bool m_full = false;
  z_stream m_stream{};
};

class BrotliStage final : public BodyDecoder::Stage {
 public:
  BrotliStage() : m_state(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}
  ~BrotliStage() override { BrotliDecoderDestroyInstance(m_state); }

  bool step(std::string& out, size_t maxOutput, NetError& error) override {
    size_t start = out.size();
    out.resize(start + maxOutput);
    size_t availOut = maxOutput;
    auto* nextOut = reinterpret_cast<uint8_t*>(out.data() + start);
    bool ok = true;
    while (!m_ended && availOut > 0 && (hasInput() || BrotliDecoderHasMoreOutput(m_state))) {
      size_t availIn = m_input.size() - m_offset;
      const auto* nextIn = reinterpret_cast<const uint8_t*>(m_input.data() + m_offset);
      BrotliDecoderResult result =
          BrotliDecoderDecompressStream(m_state, &availIn, &nextIn, &availOut, &nextOut, nullptr);
      m_offset = m_input.size() - availIn;
      if (result == BROTLI_DECODER_RESULT_SUCCESS) {
        m_ended = true;
        m_offset = m_input.size();
      } else if (result == BROTLI_DECODER_RESULT_ERROR) {
        error = {"ERR_BROTLI", std::string("Decompression failed: ") +
                                   BrotliDecoderErrorString(BrotliDecoderGetErrorCode(m_state))};
        ok = false;
        break;
      } else if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
        break;
      }
    }
    out.resize(out.size() - availOut);
    return ok;
  }

  bool hasMoreOutput() const override { return !m_ended && BrotliDecoderHasMoreOutput(m_state); }

 private:
  BrotliDecoderState* m_state;
  bool m_ended = false;
};

std::string trimLower(std::string_view value) {
  size_t begin = 0;
  size_t end = value.size();
  while (begin < end && (value[begin] == ' ' || value[begin] == '\t')) ++begin;
  while (end > begin && (value[end - 1] == ' ' || value[end - 1] == '\t')) --end;
  return asciiLowerCopy(value.substr(begin, end - begin));
}

}  // namespace

std::unique_ptr<BodyDecoder> BodyDecoder::create(std::string_view contentEncoding) {
  std::vector<std::string> codings;
  size_t start = 0;
  while (start <= contentEncoding.size()) {
    size_t comma = contentEncoding.find(',', start);
    if (comma == std::string_view::npos) comma = contentEncoding.size();
    std::string coding = trimLower(contentEncoding.substr(start, comma - start));
    if (!coding.empty() && coding != "identity") codings.push_back(coding);
    start = comma + 1;
  }
  if (codings.empty()) return nullptr;
  std::unique_ptr<BodyDecoder> decoder(new BodyDecoder());
  // Codings are listed in the order they were applied: undo the last first.
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    if (*it == "gzip" || *it == "x-gzip")
      decoder->m_stages.push_back(std::make_unique<ZlibStage>(true));
    else if (*it == "deflate")
      decoder->m_stages.push_back(std::make_unique<ZlibStage>(false));
    else if (*it == "br")
      decoder->m_stages.push_back(std::make_unique<BrotliStage>());
    else
      return nullptr;  // unknown coding: hand the body over as it came
  }
  return decoder;
}

BodyDecoder::~BodyDecoder() = default;

void BodyDecoder::append(const char* data, size_t length) { m_stages.front()->append(data, length); }

bool BodyDecoder::produce(std::string& out, size_t maxOutput) {
  // Inner stages of a chain decode in bounded pieces too, into the next stage's input.
  for (size_t i = 0; i + 1 < m_stages.size(); ++i) {
    Stage& stage = *m_stages[i];
    std::string piece;
    while ((stage.hasInput() || stage.hasMoreOutput()) && !m_stages[i + 1]->hasInput()) {
      piece.clear();
      if (!stage.step(piece, maxOutput, m_error)) return false;
      if (piece.empty()) break;
      m_stages[i + 1]->append(piece.data(), piece.size());
    }
  }
  Stage& last = *m_stages.back();
  if (!last.hasInput() && !last.hasMoreOutput()) return true;
  return last.step(out, maxOutput, m_error);
}

bool BodyDecoder::hasPending() const {
  for (size_t i = 0; i < m_stages.size(); ++i) {
    const Stage& stage = *m_stages[i];
    if (stage.hasMoreOutput()) return true;
    if (stage.hasInput()) return true;
  }
  return false;
}

}  // namespace nano
