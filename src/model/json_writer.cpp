#include "model/json_writer.h"

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>

#include "model/utf8.h"

namespace overlord {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Per byte: 0 = ASCII copied as is, 1 = ASCII to escape, 2 = start of a multi-byte sequence
// (or an invalid byte). One table load per byte keeps the common plain run tight.
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> t{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 0x80) {
      t[b] = 2;
    } else if (b < 0x20 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&') {
      t[b] = 1;
    }
  }
  return t;
}();

// Whether one of the 8 bytes of `w` is not class 0 above: not ASCII, a control byte, or one
// of " & < > \. Exact (bytes are tested in any order, so endianness does not matter); it
// lets plain text, nearly all of what the API writes, go by 8 bytes at a time.
constexpr bool AnyNeedsCare(std::uint64_t w) {
  constexpr std::uint64_t k01 = 0x0101010101010101, k80 = 0x8080808080808080;
  auto has_zero = [](std::uint64_t v) { return (v - k01) & ~v & k80; };
  std::uint64_t care = w & k80;                        // not ASCII
  care |= (w - k01 * 0x20) & ~w & k80;                 // below 0x20
  care |= has_zero((w ^ (k01 * '"')) & (k01 * 0xFB));  // " (0x22) or & (0x26)
  care |= has_zero((w ^ (k01 * '<')) & (k01 * 0xFD));  // < (0x3C) or > (0x3E)
  care |= has_zero(w ^ (k01 * '\\'));
  return care != 0;
}

}  // namespace

void AppendGoJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  std::size_t run = 0;  // start of the bytes not yet copied that need no escaping
  auto flush = [&] { out.append(text.data() + run, i - run); };
  const std::size_t n_bytes = text.size();
  while (i < n_bytes) {
    if (n_bytes - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, sizeof w);
      if (!AnyNeedsCare(w)) {
        i += 8;
        continue;
      }
    }
    const auto b = static_cast<unsigned char>(text[i]);
    const unsigned char cls = kByteClass[b];
    if (cls == 0) {
      ++i;
      continue;
    }
    if (cls == 1) {
      flush();
      switch (b) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out.push_back(kHex[b >> 4]);
          out.push_back(kHex[b & 0xF]);
      }
      run = ++i;
      continue;
    }
    char32_t rune = 0;
    const std::size_t n = DecodeUtf8(text, i, &rune);
    if (n == 0) {
      flush();
      out += "\\ufffd";
      run = ++i;
    } else if (rune == 0x2028 || rune == 0x2029) {
      flush();
      out += "\\u202";
      out.push_back(kHex[rune & 0xF]);
      run = i += n;
    } else {
      i += n;
    }
  }
  flush();
  out.push_back('"');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  assert(!first_.empty() && !after_key_);
  first_.pop_back();
  out_.push_back('}');
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  assert(!first_.empty() && !after_key_);
  first_.pop_back();
  out_.push_back(']');
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendGoJsonString(out_, key);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendGoJsonString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

void AppendGoJsonObject(std::string& out, const LabelSet& labels) {
  out += '{';
  bool first = true;
  for (const auto& l : labels) {
    if (!first) out += ',';
    first = false;
    AppendGoJsonString(out, l.name);
    out += ':';
    AppendGoJsonString(out, l.value);
  }
  out += '}';
}

JsonWriter& JsonWriter::Labels(const LabelSet& labels) {
  BeginObject();
  for (const auto& label : labels) Key(label.name).String(label.value);
  return EndObject();
}

std::string JsonWriter::Take() {
  std::string out = std::move(out_);
  out_.clear();
  first_.clear();
  after_key_ = false;
  return out;
}

}  // namespace overlord
