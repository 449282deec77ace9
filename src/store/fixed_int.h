// Little-endian fixed-width integers, as the store's BLOB formats lay them out (alert records,
// the alert log's rows, notification log hash sets, silence strings).
//
//   std::string out;
//   AppendFixed(&out, seq, 8);
//   std::uint64_t back = LoadFixed(out.data(), 8);
#pragma once

#include <cstdint>
#include <string>

namespace overlord {

// Writes the low `bytes` bytes of `v` at `at`, least significant first.
inline void StoreFixed(char* at, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) at[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

inline void AppendFixed(std::string* out, std::uint64_t v, int bytes) {
  char buf[8];
  StoreFixed(buf, v, bytes);
  out->append(buf, static_cast<std::size_t>(bytes));
}

// Reads `bytes` bytes at `p` (which the caller has bounds-checked).
inline std::uint64_t LoadFixed(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return v;
}

}  // namespace overlord
