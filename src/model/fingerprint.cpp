#include "model/fingerprint.h"


namespace overlord {
namespace {

constexpr std::uint64_t kOffset = 14695981039346656037ULL;
constexpr std::uint64_t kPrime = 1099511628211ULL;

std::uint64_t HashAdd(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= kPrime;
  }
  return h;
}

std::uint64_t HashAddByte(std::uint64_t h, unsigned char b) {
  h ^= b;
  return h * kPrime;
}

}  // namespace

Fingerprint FingerprintOf(const LabelSet& labels) {
  // LabelSet is already sorted by name, which is the order Prometheus hashes in.
  std::uint64_t h = kOffset;
  for (const Label& l : labels) {
    h = HashAdd(h, l.name);
    h = HashAddByte(h, 0xFF);
    h = HashAdd(h, l.value);
    h = HashAddByte(h, 0xFF);
  }
  return h;
}

void AppendFingerprint(std::string& out, Fingerprint fp) {
  constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(fp >> shift) & 0xF];
}

std::string FingerprintToString(Fingerprint fp) {
  std::string out;
  out.reserve(16);
  AppendFingerprint(out, fp);
  return out;
}

std::optional<Fingerprint> ParseFingerprint(std::string_view hex) {
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  Fingerprint fp = 0;
  for (char c : hex) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    fp = (fp << 4) | static_cast<Fingerprint>(d);
  }
  return fp;
}

}  // namespace overlord
