#include "store/alert_codec.h"

#include <cstdint>
#include <optional>

#include "store/fixed_int.h"

namespace overlord {
namespace {

// Version 1 stored each label as two strings; version 2 stores each LabelSet's own block,
// so decoding one is a validated copy. Version 1 rows (older databases) still decode.
constexpr std::uint8_t kFormatV1 = 1;
constexpr std::uint8_t kFormatVersion = 2;
constexpr std::uint8_t kTimeoutFlag = 1;

void PutVarint(std::uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

// Reads from the front of `in_`, failing (sticky) on any overrun.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  std::uint8_t Byte() {
    if (!Need(1)) return 0;
    auto b = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return b;
  }

  // The next `n` bytes, or "" (and not ok) when fewer are left.
  std::string_view Take(std::size_t n) {
    if (!Need(n)) return {};
    std::string_view v = in_.substr(0, n);
    in_.remove_prefix(n);
    return v;
  }

  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = Byte();
      if (!ok_) return 0;
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok_ = false;  // more than 10 bytes: not a varint we wrote
    return 0;
  }

  std::string_view String() {
    std::uint64_t len = Varint();
    if (!ok_ || !Need(len)) return {};
    std::string_view s = in_.substr(0, len);
    in_.remove_prefix(len);
    return s;
  }

  // A count of items each at least `min_bytes` long: bounded by what remains, so a corrupt
  // count cannot make us loop or allocate for billions of items.
  std::uint64_t Count(std::size_t min_bytes) {
    std::uint64_t n = Varint();
    if (ok_ && n > in_.size() / min_bytes) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  bool Need(std::uint64_t n) {
    if (ok_ && in_.size() >= n) return true;
    ok_ = false;
    return false;
  }

  std::string_view in_;
  bool ok_ = true;
};

bool ReadLabelsV1(Reader& r, LabelSet* labels) {
  std::uint64_t n = r.Count(2);  // two empty strings at least
  std::string_view previous;
  for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string_view name = r.String();
    std::string_view value = r.String();
    // Names were written sorted and unique; anything else is corruption.
    if (i > 0 && !(previous < name)) return false;
    previous = name;
    labels->Set(name, value);
  }
  return r.ok();
}

bool ReadLabels(Reader& r, LabelSet* labels) {
  std::string_view block = r.String();
  if (!r.ok()) return false;
  std::optional<LabelSet> set = LabelSet::FromPortable(block);
  if (!set.has_value()) return false;
  *labels = std::move(*set);
  return true;
}

}  // namespace

void EncodeAlertTimes(const AlertTimes& times, std::string* out) {
  out->push_back(static_cast<char>(times.timeout ? kTimeoutFlag : 0));
  for (Time t : {times.starts_at, times.ends_at, times.updated_at}) {
    AppendFixed(out, static_cast<std::uint64_t>(ToUnixNanos(t)), 8);
  }
}

std::optional<AlertTimes> DecodeAlertTimes(const char* bytes) {
  const auto flags = static_cast<std::uint8_t>(bytes[0]);
  if ((flags & ~kTimeoutFlag) != 0) return std::nullopt;
  auto time_at = [bytes](int offset) {
    return FromUnixNanos(static_cast<std::int64_t>(LoadFixed(bytes + offset, 8)));
  };
  return AlertTimes{time_at(1), time_at(9), time_at(17), (flags & kTimeoutFlag) != 0};
}

void EncodeAlert(const Alert& alert, std::string* out) {
  out->push_back(static_cast<char>(kFormatVersion));
  EncodeAlertTimes(AlertTimes::Of(alert), out);
  PutString(alert.generator_url, out);
  // Both sets in their portable form, and the annotations as posted: ids of well-known
  // names and templates are how memory holds them, not part of the format.
  std::string portable;
  alert.labels.AppendPortable(&portable);
  PutString(portable, out);
  portable.clear();
  alert.annotations.Expand(alert.labels).AppendPortable(&portable);
  PutString(portable, out);
}

Result<Alert> DecodeAlert(std::string_view bytes, const SharedText& recent_url) {
  Reader r(bytes);
  std::uint8_t version = r.Byte();
  if (r.ok() && version != kFormatVersion && version != kFormatV1) {
    return Error{"unknown alert format version " + std::to_string(version)};
  }
  auto read_labels = version == kFormatV1 ? ReadLabelsV1 : ReadLabels;
  Alert alert;
  std::string_view times_bytes = r.Take(kAlertTimesSize);
  std::string_view url = r.String();
  alert.generator_url = SharedText::Reuse(recent_url, url);
  LabelSet annotations;
  if (!r.ok() || !read_labels(r, &alert.labels) || !read_labels(r, &annotations)) {
    return Error{"truncated or corrupt alert record"};
  }
  alert.annotations = std::move(annotations);
  std::optional<AlertTimes> times = DecodeAlertTimes(times_bytes.data());
  if (!times.has_value()) return Error{"unknown alert flags"};
  times->ApplyTo(&alert);
  if (!r.done()) return Error{"trailing bytes after alert record"};
  return alert;
}

}  // namespace overlord
