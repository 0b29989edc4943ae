#pragma once
// Content-Encoding decoding for response bodies (gzip, deflate, br, and
// chains of them), driven by demand: output is produced in bounded pieces so
// a consumer that stops reading also stops decompression.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http_client_common.h"

namespace nano {

class BodyDecoder {
 public:
  // For a Content-Encoding value; null when it names nothing to decode
  // (identity) or a coding we do not know (the body is passed through).
  static std::unique_ptr<BodyDecoder> create(std::string_view contentEncoding);
  ~BodyDecoder();

  void append(const char* data, size_t length);
  // Appends at most maxOutput decoded bytes to out. False on corrupt data (error()).
  bool produce(std::string& out, size_t maxOutput);
  // Whether produce() may give more without further input.
  bool hasPending() const;
  const NetError& error() const { return m_error; }

  class Stage;

 private:
  BodyDecoder() = default;
  std::vector<std::unique_ptr<Stage>> m_stages;  // in decoding order
  NetError m_error;
};

}  // namespace nano
