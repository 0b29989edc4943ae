#pragma once
// Text: the immutable string of telemetry records (methods, URLs, paths,
// states). Copies share one block by reference count, so a record published
// again and again (open, updates, close) carries its strings without copying
// them; the block is freed wherever its last copy dies, usually on a reader's
// thread, into a BlockPool rather than into the runtime thread's malloc arena
// (see core/block_pool.h for why that matters).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace nano::telemetry {

struct TextBlock;  // text.cc

class Text {
 public:
  Text() = default;
  Text(std::string_view text);  // implicit, like std::string's
  Text(const char* text) : Text(std::string_view(text)) {}
  Text(const std::string& text) : Text(std::string_view(text)) {}
  Text(const Text& other) noexcept : m_block(other.m_block) { retain(); }
  Text(Text&& other) noexcept : m_block(std::exchange(other.m_block, nullptr)) {}
  Text& operator=(const Text& other) noexcept {
    Text copy(other);
    std::swap(m_block, copy.m_block);
    return *this;
  }
  Text& operator=(Text&& other) noexcept {
    std::swap(m_block, other.m_block);
    return *this;
  }
  ~Text() { release(); }

  // The process-wide copy of a recurring text (a method, a stream state, an
  // op kind): never freed, so copies of it skip the reference count, which
  // the runtime and GUI threads would otherwise pass back and forth on every
  // record. The table is bounded; past it this is an ordinary Text.
  static Text intern(std::string_view text);
  // An HTTP method: the standard ones interned (found without the table's
  // lock), any other an ordinary Text.
  static Text httpMethod(std::string_view method);

  const char* data() const;  // NUL-terminated
  size_t size() const;
  bool empty() const { return m_block == nullptr; }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }

  friend bool operator==(const Text& a, const Text& b) {
    return a.m_block == b.m_block || a.view() == b.view();
  }
  friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const Text& a, const char* b) { return a.view() == std::string_view(b); }

 private:
  void retain() const;
  void release();
  explicit Text(TextBlock* block) : m_block(block) {}

  TextBlock* m_block = nullptr;  // null: the empty text
};

}  // namespace nano::telemetry
