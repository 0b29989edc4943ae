// The URL of an incoming request: "http://" + Host + request-target, as the URL
// parser would serialize it. The common case skips the parser: the origin of a
// Host value is parsed once (by ada) and remembered, and an origin-form target
// made only of characters the parser keeps as they are, without dot segments,
// is appended as it is. Anything else is left to the full parser.
#pragma once

#include <string>
#include <string_view>

namespace nano::serve {

class RequestUrl {
 public:
  // Writes the serialized URL to *href and returns true, or returns false when
  // only a full parse can tell (or the URL does not parse at all).
  bool build(std::string_view host, std::string_view target, std::string* href);

  // True when ada would keep this origin-form target byte for byte.
  static bool isPlainTarget(std::string_view target);

 private:
  std::string m_host;    // the Host value last seen
  std::string m_origin;  // its serialized origin ("http://host[:port]"), "" when it did not parse
  bool m_known = false;
};

}  // namespace nano::serve
