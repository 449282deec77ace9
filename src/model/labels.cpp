#include "model/labels.h"

#include <algorithm>
#include <cstdio>

#include "model/utf8.h"

namespace overlord {
namespace {

auto LowerBound(const std::vector<Label>& labels, std::string_view name) {
  return std::lower_bound(labels.begin(), labels.end(), name,
                          [](const Label& l, std::string_view n) { return l.name < n; });
}

bool IsPrintable(char32_t cp) {
  // Close to Go's unicode.IsPrint for what labels contain: control characters, soft hyphen,
  // line/paragraph separators and the BOM are escaped.
  return !(cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD ||
           (cp >= 0x2028 && cp <= 0x2029) || cp == 0xFEFF);
}

}  // namespace

LabelSet::LabelSet(std::initializer_list<std::pair<std::string_view, std::string_view>> labels) {
  for (const auto& [name, value] : labels) Set(name, value);
}

std::string_view LabelSet::Get(std::string_view name) const {
  auto it = LowerBound(labels_, name);
  if (it == labels_.end() || it->name != name) return {};
  return it->value;
}

bool LabelSet::Has(std::string_view name) const {
  auto it = LowerBound(labels_, name);
  return it != labels_.end() && it->name == name;
}

void LabelSet::Set(std::string_view name, std::string_view value) {
  auto it = LowerBound(labels_, name);
  if (it != labels_.end() && it->name == name) {
    labels_[it - labels_.begin()].value = std::string(value);
    return;
  }
  labels_.insert(it, Label{std::string(name), std::string(value)});
}

void LabelSet::Erase(std::string_view name) {
  auto it = LowerBound(labels_, name);
  if (it != labels_.end() && it->name == name) labels_.erase(it);
}

std::string LabelSet::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const Label& l : labels_) {
    if (!first) out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += GoQuote(l.value);
  }
  out += '}';
  return out;
}

bool operator<(const LabelSet& a, const LabelSet& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->name != ib->name) return ia->name < ib->name;
    if (ia->value != ib->value) return ia->value < ib->value;
  }
  return false;
}

bool IsClassicLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp;
    std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string GoQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  char buf[16];
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp;
    std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (IsPrintable(cp)) {
          out.append(text.substr(i, n));
        } else if (cp < 0x80) {
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
          out += buf;
        } else if (cp < 0x10000) {
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          out += buf;
        } else {
          std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
          out += buf;
        }
    }
    i += n;
  }
  out += '"';
  return out;
}

}  // namespace overlord
