#include "model/annotation_set.h"

#include <array>
#include <bit>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace overlord {
namespace {

// A template's values are the annotation's bytes with kRef introducing a reference: the
// next byte is 0 for a literal kRef byte, else 1 + the index of a label in the set's order.
// kRef never occurs in UTF-8, so posted annotations need no escaping in practice.
constexpr char kRef = '\xFF';
constexpr std::size_t kMaxRefs = 64;  // labels past this index are never referenced
// Shorter values ("0", "eu") would also match inside unrelated words and numbers, making
// templates of one rule differ where their text is the same.
constexpr std::size_t kMinRefSize = 3;
constexpr std::string_view kMarkerName = "";
constexpr std::string_view kMarkerValue = "\xFF";

// The labels' values by position, found on demand: a template holds a few references, and
// Matches runs for every re-sent alert, so it allocates nothing.
class LabelValues {
 public:
  explicit LabelValues(const LabelSet& labels) : labels_(labels) {}
  // The value at `index`, or nullopt past the end.
  std::optional<std::string_view> At(std::size_t index) const {
    std::size_t i = 0;
    for (const Label& l : labels_) {
      if (i++ == index) return l.value;
    }
    return std::nullopt;
  }

 private:
  const LabelSet& labels_;
};

// Calls `piece` with each run of bytes `value` stands for, in order, until it returns
// false. Robust to any bytes: a cut reference or one past the labels stands for nothing.
template <typename Piece>
bool ForEachPiece(std::string_view value, const LabelValues& labels, Piece&& piece) {
  std::size_t literal = 0;  // start of the pending literal run
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != kRef) continue;
    if (i > literal && !piece(value.substr(literal, i - literal))) return false;
    if (i + 1 == value.size()) return true;
    const auto ref = static_cast<unsigned char>(value[++i]);
    if (ref == 0) {
      if (!piece(std::string_view(&kRef, 1))) return false;
    } else if (std::optional<std::string_view> label = labels.At(ref - 1u)) {
      if (!piece(*label)) return false;
    }
    literal = i + 1;
  }
  return literal >= value.size() || piece(value.substr(literal));
}

// Per byte, the labels (a bit each) whose value starts with it and is worth referencing:
// most positions of an annotation start none and are passed over with one lookup, the rest
// try only those labels (this runs for every alert on a restart).
using StartBytes = std::array<std::uint64_t, 256>;
static_assert(kMaxRefs <= 64);

std::string TemplateValue(std::string_view value, const std::vector<std::string_view>& labels,
                          const StartBytes& starts, bool* referenced) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size();) {
    std::size_t best = kMaxRefs, best_size = 0;
    for (std::uint64_t m = starts[static_cast<unsigned char>(value[i])]; m != 0; m &= m - 1) {
      const auto k = static_cast<std::size_t>(std::countr_zero(m));
      const std::string_view v = labels[k];
      if (v.size() > best_size && value.substr(i, v.size()) == v) {
        best = k;
        best_size = v.size();
      }
    }
    if (best_size > 0) {
      out += kRef;
      out += static_cast<char>(best + 1);
      i += best_size;
      *referenced = true;
    } else {
      out += value[i];
      if (value[i] == kRef) out += '\0';
      ++i;
    }
  }
  return out;
}

}  // namespace

bool AnnotationSet::templated() const {
  if (set_.empty()) return false;
  const Label first = *set_.begin();
  return first.name == kMarkerName && first.value == kMarkerValue;
}

AnnotationSet AnnotationSet::Template(const AnnotationSet& plain, const LabelSet& labels) {
  // An empty name (which posted annotations never have) would collide with the marker.
  if (plain.empty() || plain.templated() || plain.set_.begin()->name.empty()) return plain;
  std::vector<std::string_view> values;
  values.reserve(labels.size());
  StartBytes starts{};
  for (const Label& l : labels) {
    if (values.size() < kMaxRefs && l.value.size() >= kMinRefSize) {
      starts[static_cast<unsigned char>(l.value[0])] |= std::uint64_t{1} << values.size();
    }
    values.push_back(l.value);
  }
  bool referenced = false;
  std::vector<std::string> templated;  // sized up front: the views below point into it
  templated.reserve(plain.set_.size());
  std::vector<Label> entries;
  entries.reserve(plain.set_.size() + 1);
  entries.push_back({kMarkerName, kMarkerValue});
  for (const Label& l : plain.set_) {
    templated.push_back(TemplateValue(l.value, values, starts, &referenced));
    entries.push_back({l.name, templated.back()});
  }
  if (!referenced) return plain;
  AnnotationSet set;
  set.set_ = LabelSet::FromUnsorted(entries);
  return set;
}

void AnnotationSet::AppendExpanded(std::string_view value, const LabelSet& labels,
                                   std::string& out) {
  ForEachPiece(value, LabelValues(labels), [&out](std::string_view piece) {
    out += piece;
    return true;
  });
}

LabelSet AnnotationSet::Expand(const LabelSet& labels) const {
  if (!templated()) return set_;
  std::vector<std::string> expanded;  // sized up front: the views below point into it
  expanded.reserve(set_.size());
  std::vector<Label> entries;
  entries.reserve(set_.size());
  for (auto it = std::next(set_.begin()); it != set_.end(); ++it) {
    std::string& out = expanded.emplace_back();
    AppendExpanded(it->value, labels, out);
    entries.push_back({it->name, out});
  }
  return LabelSet::FromUnsorted(entries);
}

bool AnnotationSet::Matches(const LabelSet& plain, const LabelSet& labels) const {
  if (!templated()) return set_ == plain;
  if (set_.size() - 1 != plain.size()) return false;
  const LabelValues values(labels);
  auto it = std::next(set_.begin());
  for (const Label& want : plain) {
    if (it->name != want.name) return false;
    std::string_view rest = want.value;
    const bool prefix = ForEachPiece(it->value, values, [&rest](std::string_view piece) {
      if (rest.substr(0, piece.size()) != piece) return false;
      rest.remove_prefix(piece.size());
      return true;
    });
    if (!prefix || !rest.empty()) return false;
    ++it;
  }
  return true;
}

AnnotationSet TemplateCache::Share(AnnotationSet set) {
  if (!set.templated()) return set;
  const std::string_view key = set.set_.encoded();
  if (auto it = held_.find(key); it != held_.end()) {
    set.set_ = it->second;
    return set;
  }
  if (key.size() > max_bytes_) return set;  // shared by nobody rather than evict everything
  while (!order_.empty() &&
         (held_.size() >= max_entries_ || bytes_ + key.size() > max_bytes_)) {
    bytes_ -= order_.front().size();
    held_.erase(order_.front());
    order_.pop_front();
  }
  held_.emplace(key, set.set_);  // the held copy keeps `key`'s bytes alive
  order_.push_back(key);
  bytes_ += key.size();
  return set;
}

}  // namespace overlord
