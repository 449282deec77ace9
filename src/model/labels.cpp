#include "model/labels.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <vector>

#include "model/utf8.h"

namespace overlord {
namespace {

// Lengths are unsigned LEB128 varints: one byte below 128, so typical labels pay two bytes.
char* PutVarint(char* out, std::size_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

char* PutBytes(char* out, std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());
  return out + bytes.size();
}

std::size_t VarintSize(std::size_t v) {
  std::size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

// Reads a varint at *pos (which the encoder wrote, so it is well formed) and advances.
std::size_t GetVarint(const char*& pos) {
  std::size_t v = 0;
  for (int shift = 0;; shift += 7) {
    auto byte = static_cast<unsigned char>(*pos++);
    v |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if (byte < 0x80) return v;
  }
}

// Reads a varint from untrusted bytes into *v; false unless it ends before `end`, has at most
// nine bytes (no overflow) and is minimal (no trailing zero groups), as PutVarint writes.
bool ReadCanonicalVarint(const char*& pos, const char* end, std::size_t* v) {
  std::size_t r = 0;
  for (int shift = 0; shift < 63 && pos != end; shift += 7) {
    auto byte = static_cast<unsigned char>(*pos++);
    r |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if (byte < 0x80) {
      if (byte == 0 && shift > 0) return false;
      *v = r;
      return true;
    }
  }
  return false;
}

// Label and annotation names most alerts carry: Prometheus' own, those of the node exporter
// and kube-state-metrics, and the usual routing labels. Kept sorted so it reads as a list;
// NameCode finds a name through kNameIndex below. Ids exist only in memory (stored sets are
// portable), so the table may change freely; at most 64 names keep every code one byte.
constexpr std::string_view kWellKnownNames[] = {
    "alertname",   "alertstate",  "app",          "application", "cluster",
    "component",   "container",   "cronjob",      "daemonset",   "datacenter",
    "deployment",  "description", "device",       "endpoint",    "env",
    "environment", "exported_instance", "exported_job", "fstype", "group",
    "host",        "instance",    "job",          "job_name",    "k8s_cluster",
    "le",          "message",     "mountpoint",   "name",        "namespace",
    "node",        "owner",       "pod",          "priority",    "prometheus",
    "quantile",    "receiver",    "region",       "replica",     "runbook",
    "runbook_url", "service",     "severity",     "squad",       "stage",
    "statefulset", "summary",     "team",         "tier",        "version",
    "zone"};
static_assert(std::size(kWellKnownNames) <= 64);
// Sorted and unique: one id per name, and the table reads as a list.
static_assert(std::is_sorted(std::begin(kWellKnownNames), std::end(kWellKnownNames)) &&
              std::adjacent_find(std::begin(kWellKnownNames), std::end(kWellKnownNames)) ==
                  std::end(kWellKnownNames));

// Every label of every posted alert is looked up, so by hash (open addressing over the
// length and the end bytes), which costs one comparison for a hit: a binary search made
// ingest 10% slower.
constexpr std::size_t kNameSlots = 256;
constexpr std::size_t NameSlot(std::string_view name) {
  return (name.size() * 131 + static_cast<unsigned char>(name.front()) * 31 +
          static_cast<unsigned char>(name.back())) % kNameSlots;
}
// Slot -> 1 + id of the name there, 0 for an empty slot.
constexpr auto kNameIndex = [] {
  std::array<std::uint8_t, kNameSlots> slots{};
  for (std::size_t id = 0; id < std::size(kWellKnownNames); ++id) {
    std::size_t s = NameSlot(kWellKnownNames[id]);
    while (slots[s] != 0) s = (s + 1) % kNameSlots;
    slots[s] = static_cast<std::uint8_t>(id + 1);
  }
  return slots;
}();

// The code for `name`: 2 * id + 1 for a well-known name, else 2 * length.
std::size_t NameCode(std::string_view name) {
  if (name.empty()) return 0;
  for (std::size_t s = NameSlot(name); kNameIndex[s] != 0; s = (s + 1) % kNameSlots) {
    const std::size_t id = kNameIndex[s] - 1u;
    if (kWellKnownNames[id] == name) return 2 * id + 1;
  }
  return 2 * name.size();
}

bool IsWellKnown(std::size_t code) { return (code & 1) != 0; }

// An entry's size and bytes, given its name's NameCode (computed once per label: the
// lookup runs for every label of every posted alert).
std::size_t EntrySize(std::size_t code, std::string_view name, std::string_view value) {
  return VarintSize(code) + VarintSize(value.size()) + (IsWellKnown(code) ? 0 : name.size()) +
         value.size();
}

char* PutEntry(char* out, std::size_t code, std::string_view name, std::string_view value) {
  out = PutVarint(out, code);
  out = PutVarint(out, value.size());
  if (!IsWellKnown(code)) out = PutBytes(out, name);
  return PutBytes(out, value);
}

std::string EncodeEntry(std::string_view name, std::string_view value) {
  const std::size_t code = NameCode(name);
  std::string entry(EntrySize(code, name, value), '\0');
  PutEntry(entry.data(), code, name, value);
  return entry;
}

// One block from `labels`, sorted with unique names.
SharedBytes BuildSorted(std::span<const Label> labels) {
  // Codes on the stack for the usual sizes: a heap buffer here would cost what it saves.
  constexpr std::size_t kOnStack = 32;
  std::array<std::size_t, kOnStack> on_stack;
  std::vector<std::size_t> on_heap;
  std::span<std::size_t> codes(on_stack.data(), std::min(labels.size(), kOnStack));
  if (labels.size() > kOnStack) {
    on_heap.resize(labels.size());
    codes = on_heap;
  }
  std::size_t total = VarintSize(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    codes[i] = NameCode(labels[i].name);
    total += EntrySize(codes[i], labels[i].name, labels[i].value);
  }
  return SharedBytes::Build(total, [&](char* out) {
    char* p = PutVarint(out, labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      p = PutEntry(p, codes[i], labels[i].name, labels[i].value);
    }
  });
}

bool IsPrintable(char32_t cp) {
  // Close to Go's unicode.IsPrint for what labels contain: control characters, soft hyphen,
  // line/paragraph separators and the BOM are escaped.
  return !(cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD ||
           (cp >= 0x2028 && cp <= 0x2029) || cp == 0xFEFF);
}

constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

// One label's step of the fingerprint hash (see LabelSet::Hash).
void FnvAdd(std::uint64_t& h, const Label& l) {
  auto add = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= kFnvPrime;
    }
    h ^= 0xFF;  // separator after every name and every value
    h *= kFnvPrime;
  };
  add(l.name);
  add(l.value);
}

}  // namespace

void LabelSet::Iterator::Decode() {
  if (pos_ == end_) return;
  const char* p = pos_;
  const std::size_t code = GetVarint(p);
  const std::size_t value_size = GetVarint(p);
  if (IsWellKnown(code)) {
    current_.name = kWellKnownNames[code / 2];
  } else {
    current_.name = std::string_view(p, code / 2);
    p += code / 2;
  }
  current_.value = std::string_view(p, value_size);
  next_ = p + value_size;
}

LabelSet::Iterator& LabelSet::Iterator::operator++() {
  pos_ = next_;
  Decode();
  return *this;
}

// Offsets into data_ of the entry holding `name` (from..to) or, when absent, of the entry
// it would precede (from == to).
struct LabelSet::Slot {
  std::size_t from = 0;
  std::size_t to = 0;
  bool found = false;
};

LabelSet::LabelSet(std::initializer_list<std::pair<std::string_view, std::string_view>> labels) {
  std::vector<Label> pairs;
  pairs.reserve(labels.size());
  for (const auto& [name, value] : labels) pairs.push_back({name, value});
  *this = FromUnsorted(pairs);
}

LabelSet LabelSet::FromUnsorted(std::span<Label> labels) {
  std::stable_sort(labels.begin(), labels.end(),
                   [](const Label& a, const Label& b) { return a.name < b.name; });
  // Of a run of equal names only the last (latest) pair is kept.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 == labels.size() || labels[i + 1].name != labels[i].name) labels[kept++] = labels[i];
  }
  LabelSet set;
  if (kept > 0) set.data_ = BuildSorted(labels.first(kept));
  return set;
}

void LabelSet::AppendPortable(std::string* out) const {
  if (empty()) return;
  char buf[10];
  out->append(buf, PutVarint(buf, size()));
  for (const Label& l : *this) {
    out->append(buf, PutVarint(buf, l.name.size()));
    out->append(buf, PutVarint(buf, l.value.size()));
    out->append(l.name);
    out->append(l.value);
  }
}

std::optional<LabelSet> LabelSet::FromPortable(std::string_view portable) {
  if (portable.empty()) return LabelSet();
  const char* p = portable.data();
  const char* end = p + portable.size();
  std::size_t count = 0;
  if (!ReadCanonicalVarint(p, end, &count) || count == 0) return std::nullopt;
  std::vector<Label> labels;
  labels.reserve(std::min(count, portable.size() / 2));  // an entry takes two bytes at least
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t name_size = 0, value_size = 0;
    if (!ReadCanonicalVarint(p, end, &name_size) || !ReadCanonicalVarint(p, end, &value_size)) {
      return std::nullopt;
    }
    auto left = static_cast<std::size_t>(end - p);
    if (name_size > left || value_size > left - name_size) return std::nullopt;
    Label label{std::string_view(p, name_size), std::string_view(p + name_size, value_size)};
    if (!labels.empty() && !(labels.back().name < label.name)) return std::nullopt;
    labels.push_back(label);
    p += name_size + value_size;
  }
  if (p != end) return std::nullopt;
  LabelSet set;
  set.data_ = BuildSorted(labels);
  return set;
}

std::uint64_t LabelSet::Hash() const {
  if (empty()) return kFnvOffset;
  // Racing first callers store the same value. 0 means "not computed": a set whose hash
  // really is 0 just computes it every time.
  std::atomic_ref<std::uint64_t> slot = data_.aux();
  if (std::uint64_t cached = slot.load(std::memory_order_relaxed); cached != 0) return cached;
  std::uint64_t h = kFnvOffset;
  for (const Label& l : *this) FnvAdd(h, l);
  slot.store(h, std::memory_order_relaxed);
  return h;
}

std::uint64_t HashSortedLabels(std::span<const Label> labels) {
  std::uint64_t h = kFnvOffset;
  for (const Label& l : labels) FnvAdd(h, l);
  return h;
}

std::size_t LabelSet::size() const {
  if (empty()) return 0;
  const char* p = data_.data();
  return GetVarint(p);
}

LabelSet::Iterator LabelSet::begin() const {
  if (empty()) return Iterator();
  const char* p = data_.data();
  GetVarint(p);
  return Iterator(p, data_.data() + data_.size());
}

LabelSet::Iterator LabelSet::end() const {
  if (empty()) return Iterator();
  const char* e = data_.data() + data_.size();
  return Iterator(e, e);
}

LabelSet::Slot LabelSet::Find(std::string_view name) const {
  // Linear: sets are small (about ten labels) and the walk stops at the first greater name.
  Iterator it = begin();
  for (Iterator e = end(); it != e; ++it) {
    int c = it->name.compare(name);
    if (c >= 0) {
      auto from = static_cast<std::size_t>(it.pos_ - data_.data());
      if (c > 0) return Slot{from, from, false};
      return Slot{from, static_cast<std::size_t>(it.next_ - data_.data()), true};
    }
  }
  return Slot{data_.size(), data_.size(), false};
}

std::string_view LabelSet::Get(std::string_view name) const {
  for (const Label& l : *this) {
    int c = l.name.compare(name);
    if (c == 0) return l.value;
    if (c > 0) break;
  }
  return {};
}

bool LabelSet::Has(std::string_view name) const { return Find(name).found; }

void LabelSet::Set(std::string_view name, std::string_view value) {
  Slot s = Find(name);
  Splice(s.from, s.to, EncodeEntry(name, value), s.found ? 0 : 1);
}

void LabelSet::Erase(std::string_view name) {
  Slot s = Find(name);
  if (s.found) Splice(s.from, s.to, {}, -1);
}

void LabelSet::Splice(std::size_t from, std::size_t to, std::string_view entry,
                      int count_delta) {
  std::size_t old_count = size();
  std::size_t count = old_count + static_cast<std::size_t>(static_cast<long>(count_delta));
  if (count == 0) {
    data_ = SharedBytes();
    return;
  }
  std::string_view old = bytes();
  std::size_t old_header = old.empty() ? 0 : VarintSize(old_count);
  if (old.empty()) from = to = 0;
  std::size_t total = VarintSize(count) + (old.size() - old_header) - (to - from) + entry.size();
  // A new block every time: the old one may be shared with copies of this set.
  data_ = SharedBytes::Build(total, [&](char* out) {
    char* p = PutVarint(out, count);
    p = PutBytes(p, old.substr(old_header, from - old_header));
    p = PutBytes(p, entry);
    PutBytes(p, old.substr(to));
  });
}

std::string LabelSet::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const Label& l : *this) {
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
