#include "model/fingerprint.h"

namespace overlord {

// LabelSet keeps the hash in its block, so an alert's fingerprint is computed once however
// many times the store, dispatcher, inhibitor and silences ask for it.
Fingerprint FingerprintOf(const LabelSet& labels) { return labels.Hash(); }

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
