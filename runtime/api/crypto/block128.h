#pragma once
// One 128-bit AES block as a number: big-endian, so the counter arithmetic of
// CTR and the bit order of GCM's GF(2^128) read as the specs write them.
#include <cstdint>

namespace nano::subtle {

using u128 = unsigned __int128;

inline u128 loadBlock(const uint8_t* block) {
  u128 value = 0;
  for (int i = 0; i < 16; i++) value = (value << 8) | block[i];
  return value;
}

inline void storeBlock(u128 value, uint8_t* block) {
  for (int i = 15; i >= 0; i--) {
    block[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}

}  // namespace nano::subtle
