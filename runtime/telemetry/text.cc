#include "text.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_map>

#include "../core/block_pool.h"

namespace nano::telemetry {

struct TextBlock {
  std::atomic<uint32_t> references;
  uint32_t size;
  char chars[1];  // size characters and a NUL
};

namespace {

constexpr size_t kHeader = offsetof(TextBlock, chars);
// Blocks up to 512 bytes come from a pool of their size class; longer texts
// (rare: long URLs) from operator new.
constexpr size_t kLargest = 512;
constexpr uint32_t kImmortal = UINT32_MAX;  // the reference count of interned blocks
constexpr size_t kMaxInterned = 512;
constexpr size_t kMaxInternedSize = 64;

size_t blockBytes(size_t size) {
  size_t needed = kHeader + size + 1;
  if (needed > kLargest) return needed;
  size_t bytes = 32;
  while (bytes < needed) bytes *= 2;
  return bytes;
}

template <size_t Bytes>
using Pool = BlockPool<Bytes, alignof(TextBlock)>;

void* allocateBlock(size_t bytes) {
  switch (bytes) {
    case 32:
      return Pool<32>::instance().allocate();
    case 64:
      return Pool<64>::instance().allocate();
    case 128:
      return Pool<128>::instance().allocate();
    case 256:
      return Pool<256>::instance().allocate();
    case 512:
      return Pool<512>::instance().allocate();
    default:
      return ::operator new(bytes, std::align_val_t(alignof(TextBlock)));
  }
}

void freeBlock(void* block, size_t bytes) {
  switch (bytes) {
    case 32:
      return Pool<32>::instance().deallocate(block);
    case 64:
      return Pool<64>::instance().deallocate(block);
    case 128:
      return Pool<128>::instance().deallocate(block);
    case 256:
      return Pool<256>::instance().deallocate(block);
    case 512:
      return Pool<512>::instance().deallocate(block);
    default:
      return ::operator delete(block, std::align_val_t(alignof(TextBlock)));
  }
}

}  // namespace

Text::Text(std::string_view text) {
  if (text.empty()) return;
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  void* memory = allocateBlock(blockBytes(text.size()));
  auto* block = static_cast<TextBlock*>(memory);
  new (&block->references) std::atomic<uint32_t>(1);
  block->size = static_cast<uint32_t>(text.size());
  std::memcpy(block->chars, text.data(), text.size());
  block->chars[text.size()] = '\0';
  m_block = block;
}

Text Text::intern(std::string_view text) {
  if (text.empty() || text.size() > kMaxInternedSize) return Text(text);
  static std::mutex mutex;
  static auto* table =
      new std::unordered_map<std::string_view, TextBlock*>;  // never destroyed, like its blocks
  std::lock_guard lock(mutex);
  if (auto it = table->find(text); it != table->end()) return Text(it->second);
  if (table->size() >= kMaxInterned) return Text(text);
  // A cache line of its own: a pooled neighbour's reference count would make
  // every read of this one a miss (false sharing).
  size_t bytes = (kHeader + text.size() + 1 + 63) / 64 * 64;
  auto* block = static_cast<TextBlock*>(::operator new(bytes, std::align_val_t(64)));
  new (&block->references) std::atomic<uint32_t>(kImmortal);
  block->size = static_cast<uint32_t>(text.size());
  std::memcpy(block->chars, text.data(), text.size());
  block->chars[text.size()] = '\0';
  table->emplace(std::string_view(block->chars, text.size()), block);
  return Text(block);
}

Text Text::httpMethod(std::string_view method) {
  static const Text kMethods[] = {intern("GET"),    intern("POST"),    intern("HEAD"),
                                  intern("PUT"),    intern("DELETE"),  intern("OPTIONS"),
                                  intern("PATCH"),  intern("CONNECT"), intern("TRACE")};
  for (const Text& known : kMethods)
    if (known == method) return known;
  return Text(method);
}

const char* Text::data() const {
  return m_block ? m_block->chars : "";
}

size_t Text::size() const {
  return m_block ? m_block->size : 0;
}

void Text::retain() const {
  // Interned blocks are only read: their cache line stays shared between threads.
  if (m_block && m_block->references.load(std::memory_order_relaxed) != kImmortal)
    m_block->references.fetch_add(1, std::memory_order_relaxed);
}

void Text::release() {
  TextBlock* block = std::exchange(m_block, nullptr);
  if (!block || block->references.load(std::memory_order_relaxed) == kImmortal ||
      block->references.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  size_t bytes = blockBytes(block->size);
  block->references.~atomic();
  freeBlock(block, bytes);
}

}  // namespace nano::telemetry
