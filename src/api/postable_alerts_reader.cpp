#include "api/postable_alerts_reader.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "model/utf8.h"

namespace overlord::api {
namespace {

// Deeper values inside unknown fields go to the exact path (bounds the recursion).
constexpr int kMaxSkipDepth = 32;

// Where the first of the 8 bytes at `p` that needs a closer look is (a quote, backslash,
// control or non-ASCII byte), or 8 when none does. Strings are most of a body, so they are
// skipped a word at a time (the haszero/hasless tricks of "Bit Twiddling Hacks": a borrow
// only runs upwards, so the lowest flagged byte is exact even where higher flags are not).
std::size_t PlainPrefix(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  // The first byte in memory must be the least significant (borrows run towards later
  // bytes); elsewhere every byte takes the exact path.
  if constexpr (std::endian::native != std::endian::little) return 0;
  std::uint64_t x;
  std::memcpy(&x, p, sizeof x);
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t special = has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\')) |
                                ((x - kOnes * 0x20) & ~x & kHigh) | (x & kHigh);
  return static_cast<std::size_t>(std::countr_zero(special)) / 8;
}

// Every false below means "not the plain case": the caller falls back to the exact path.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool ReadAlerts(std::size_t max_alerts, std::vector<Alert>* out) {
    SkipSpace();
    if (!Consume('[')) return false;
    SkipSpace();
    if (Consume(']')) return AtEnd();
    while (out->size() < max_alerts) {
      Alert a;
      if (!ReadAlert(&a)) return false;
      out->push_back(std::move(a));
      SkipSpace();
      if (Consume(']')) return AtEnd();
      if (!Consume(',')) return false;
      SkipSpace();
    }
    return false;  // too many: the exact path answers 413
  }

 private:
  enum Field : unsigned { kLabels = 1, kAnnotations = 2, kStartsAt = 4, kEndsAt = 8, kUrl = 16, kOther = 0 };

  static Field FieldOf(std::string_view key) {
    if (key == "labels") return kLabels;
    if (key == "annotations") return kAnnotations;
    if (key == "startsAt") return kStartsAt;
    if (key == "endsAt") return kEndsAt;
    if (key == "generatorURL") return kUrl;
    return kOther;
  }

  bool ReadAlert(Alert* a) {
    if (!Consume('{')) return false;
    SkipSpace();
    unsigned seen = 0;
    if (Consume('}')) return false;  // no labels
    while (true) {
      std::string_view key;
      if (!ReadString(&key_buf_, &key)) return false;
      SkipSpace();
      if (!Consume(':')) return false;
      SkipSpace();
      const Field f = FieldOf(key);
      if ((seen & f) != 0) return false;  // duplicate field: the DOM keeps the last one
      seen |= f;
      bool ok = false;
      switch (f) {
        case kLabels:
          ok = ReadStringMap(&a->labels);  // null: "labels in body is required"
          break;
        case kAnnotations: {
          LabelSet annotations;
          ok = ReadNull() || ReadStringMap(&annotations);
          a->annotations = std::move(annotations);
          break;
        }
        case kStartsAt:
          ok = ReadTime(&a->starts_at);
          break;
        case kEndsAt:
          ok = ReadTime(&a->ends_at);
          break;
        case kUrl:
          ok = ReadNull() || ReadUri(&a->generator_url);
          break;
        case kOther:
          ok = SkipValue(0);
          break;
      }
      if (!ok) return false;
      SkipSpace();
      if (Consume('}')) return (seen & kLabels) != 0;
      if (!Consume(',')) return false;
      SkipSpace();
    }
  }

  // Collects the pairs, then builds the set as one block.
  bool ReadStringMap(LabelSet* out) {
    if (!Consume('{')) return false;
    SkipSpace();
    if (Consume('}')) return true;
    pairs_.clear();
    unescaped_.clear();
    while (true) {
      std::string_view name, value;
      if (!ReadString(&key_buf_, &name)) return false;
      name = Keep(name, key_buf_);
      SkipSpace();
      if (!Consume(':')) return false;
      SkipSpace();
      if (!ReadString(&value_buf_, &value)) return false;
      pairs_.push_back({name, Keep(value, value_buf_)});
      SkipSpace();
      if (Consume('}')) {
        // A repeated name: the last value wins, as in the DOM.
        *out = LabelSet::FromUnsorted(pairs_);
        return true;
      }
      if (!Consume(',')) return false;
      SkipSpace();
    }
  }

  // A string read into `scratch` (it had escapes) is overwritten by the next read: copy it
  // out. Unescaped strings view the body, which outlives the map.
  std::string_view Keep(std::string_view text, const std::string& scratch) {
    if (text.data() != scratch.data()) return text;
    return unescaped_.emplace_back(text);
  }

  bool ReadTime(Time* out) {
    if (ReadNull()) return true;
    std::string_view text;
    if (!ReadString(&value_buf_, &text)) return false;
    Result<Time> t = ParseRFC3339(text);
    if (!t.ok()) return false;
    *out = *t;
    return true;
  }

  bool ReadUri(SharedText* out) {
    std::string_view text;
    if (!ReadString(&value_buf_, &text)) return false;
    if (last_url_ == text) {  // checked already: alerts of one rule share their URL
      *out = last_url_;
      return true;
    }
    if (!IsOpenApiUri(text)) return false;
    last_url_ = SharedText(text);
    *out = last_url_;
    return true;
  }

  bool ReadNull() { return Literal("null"); }

  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool SkipValue(int depth) {
    if (depth > kMaxSkipDepth || pos_ >= in_.size()) return false;
    switch (in_[pos_]) {
      case '"': {
        std::string_view ignored;
        return ReadString(&value_buf_, &ignored);
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      case '[':
        ++pos_;
        SkipSpace();
        if (Consume(']')) return true;
        while (true) {
          if (!SkipValue(depth + 1)) return false;
          SkipSpace();
          if (Consume(']')) return true;
          if (!Consume(',')) return false;
          SkipSpace();
        }
      case '{':
        ++pos_;
        SkipSpace();
        if (Consume('}')) return true;
        while (true) {
          std::string_view ignored;
          if (!ReadString(&value_buf_, &ignored)) return false;
          SkipSpace();
          if (!Consume(':')) return false;
          SkipSpace();
          if (!SkipValue(depth + 1)) return false;
          SkipSpace();
          if (Consume('}')) return true;
          if (!Consume(',')) return false;
          SkipSpace();
        }
      default:
        return false;  // numbers (overflow rules differ by parser) and syntax errors
    }
  }

  // A JSON string. `*out` points into the body when the string has no escapes, else into
  // `*scratch`; either is valid until the next read into the same scratch.
  bool ReadString(std::string* scratch, std::string_view* out) {
    if (!Consume('"')) return false;
    const std::size_t start = pos_;
    while (pos_ < in_.size()) {
      while (in_.size() - pos_ >= 8) {
        const std::size_t plain = PlainPrefix(in_.data() + pos_);
        pos_ += plain;
        if (plain < 8) break;
      }
      if (pos_ >= in_.size()) break;
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        *out = in_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c == '\\') break;
      if (!SkipChar(c)) return false;
    }
    if (pos_ >= in_.size()) return false;
    scratch->assign(in_.substr(start, pos_ - start));
    while (pos_ < in_.size()) {
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        ++pos_;
        *out = *scratch;
        return true;
      }
      if (c == '\\') {
        if (!ReadEscape(scratch)) return false;
        continue;
      }
      const std::size_t from = pos_;
      if (!SkipChar(c)) return false;
      scratch->append(in_.substr(from, pos_ - from));
    }
    return false;
  }

  // One unescaped character of a string: no control bytes, valid UTF-8.
  bool SkipChar(unsigned char c) {
    if (c < 0x20) return false;
    if (c < 0x80) {
      ++pos_;
      return true;
    }
    char32_t rune;
    const std::size_t n = DecodeUtf8(in_, pos_, &rune);
    pos_ += n;
    return n != 0;
  }

  bool ReadEscape(std::string* out) {
    if (pos_ + 1 >= in_.size()) return false;
    const char e = in_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"': out->push_back('"'); return true;
      case '\\': out->push_back('\\'); return true;
      case '/': out->push_back('/'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': break;
      default: return false;
    }
    char32_t cp;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low surrogate
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      char32_t low;
      if (!Literal("\\u") || !Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp, out);
    return true;
  }

  bool Hex4(char32_t* out) {
    if (in_.size() - pos_ < 4) return false;
    char32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = in_[pos_ + i];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return false;
      v = (v << 4) | static_cast<char32_t>(d);
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  void SkipSpace() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  bool Consume(char c) {
    if (pos_ >= in_.size() || in_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  bool AtEnd() {
    SkipSpace();
    return pos_ == in_.size();
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string key_buf_, value_buf_;
  std::vector<Label> pairs_;           // ReadStringMap's pairs, reused
  std::deque<std::string> unescaped_;  // its strings that had escapes (deque: no moves)
  SharedText last_url_;  // the previous alert's generator URL, shared by the next if equal
};

}  // namespace

std::optional<std::vector<Alert>> ReadPostableAlerts(std::string_view body,
                                                     std::size_t max_alerts) {
  std::vector<Alert> alerts;
  // Prometheus-style alerts take 400-600 bytes; one reservation avoids most regrowth.
  alerts.reserve(std::min(max_alerts, body.size() / 256 + 1));
  Reader reader(body);
  if (!reader.ReadAlerts(max_alerts, &alerts)) return std::nullopt;
  return alerts;
}

}  // namespace overlord::api
