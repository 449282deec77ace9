// LabelSet: the identity of an alert, a set of name/value pairs kept sorted by name.
//
// Every name and value lives in one immutable block (a count, then per label the name's code,
// the value's length and the bytes), so a set is one allocation however many labels it has,
// and copies share the block (Set and Erase build a new one): alerts are held by the hundred
// thousand, and copied into every aggregation group they belong to, so this is most of their
// memory. For the same reason a well-known name (alertname, instance, job, ...) is held as a
// one-byte id into a fixed table, as HPACK's static table does for HTTP headers; the portable
// form (AppendPortable) spells every name out and is what gets stored.
// The block also keeps the set's hash once computed, since the store, the dispatcher, the
// inhibitor and the silences all ask for an alert's fingerprint.
// Iteration yields Label views into the block, valid while this set is neither changed nor
// destroyed:
//
//   for (const Label& l : alert.labels) out[std::string(l.name)] = l.value;
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "model/shared_bytes.h"

namespace overlord {

// One name/value pair of a LabelSet, viewing the set's storage.
struct Label {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const Label&, const Label&) = default;
};

class LabelSet {
 public:
  class Iterator {
   public:
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;  // operator* returns a value
    using value_type = Label;
    using difference_type = std::ptrdiff_t;
    using reference = Label;

    Iterator() = default;
    Label operator*() const { return current_; }
    const Label* operator->() const { return &current_; }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }

   private:
    friend class LabelSet;
    Iterator(const char* pos, const char* end) : pos_(pos), end_(end) { Decode(); }
    void Decode();

    const char* pos_ = nullptr;   // start of the current entry (== end_ at the end)
    const char* next_ = nullptr;  // start of the following entry
    const char* end_ = nullptr;
    Label current_;
  };

  LabelSet() = default;
  LabelSet(const LabelSet&) = default;
  // A moved-from set is empty.
  LabelSet(LabelSet&&) noexcept = default;
  LabelSet& operator=(const LabelSet&) = default;
  LabelSet& operator=(LabelSet&&) noexcept = default;
  // Later pairs replace earlier ones with the same name.
  LabelSet(std::initializer_list<std::pair<std::string_view, std::string_view>> labels);
  // The set of `labels` in any order, built as one block: a decoder collects the pairs, then
  // builds once, instead of a new block per Set. Reorders `labels` in place (the caller's
  // buffer holds no useful order afterwards); a later pair replaces an earlier one with the
  // same name (as JSON decoders do with repeated keys).
  static LabelSet FromUnsorted(std::span<Label> labels);

  // The portable form, as stored: varint count, then per label varint name length, varint
  // value length, name, value, sorted by name ("" when empty). Independent of the table of
  // well-known names, so a stored set reads the same in every version.
  void AppendPortable(std::string* out) const;
  // The set whose portable form is `portable`: how the store restores sets without inserting
  // label by label. The bytes may come from a corrupt row, so nullopt unless they are exactly
  // what AppendPortable could have produced: minimal varints, a non-zero count that matches
  // the entries, lengths within the bytes, names sorted and unique, nothing after the last
  // entry.
  static std::optional<LabelSet> FromPortable(std::string_view portable);
  // The block as held in memory ("" when empty), valid while this set is neither changed
  // nor destroyed: for telling shared blocks apart and for keys, not for storing.
  std::string_view encoded() const { return bytes(); }
  // Asks the CPU to start loading the set's bytes (see SharedBytes::Prefetch).
  void Prefetch() const { data_.Prefetch(); }

  // The value of `name`, or "" when absent (Alertmanager treats both alike).
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  // Inserts or replaces.
  void Set(std::string_view name, std::string_view value);
  void Erase(std::string_view name);

  bool empty() const { return data_.empty(); }
  std::size_t size() const;
  Iterator begin() const;
  Iterator end() const;

  // Prometheus's 64-bit FNV-1a over the sorted labels (name, 0xFF, value, 0xFF each), the
  // alert fingerprint. Computed on the first call for a block and kept in it; thread-safe.
  std::uint64_t Hash() const;

  // Prometheus/Go form used in group keys: {a="1", b="2"} with Go-quoted values.
  std::string ToString() const;

  // The encoding is canonical (sorted, minimal lengths), so equal sets have equal bytes.
  friend bool operator==(const LabelSet& a, const LabelSet& b) {
    return a.data_.SharesWith(b.data_) || a.bytes() == b.bytes();
  }
  // Fewer labels first, then name/value lexicographically (Alertmanager's order).
  friend bool operator<(const LabelSet& a, const LabelSet& b);

 private:
  struct Slot;  // where `name` is or would go
  Slot Find(std::string_view name) const;
  // Replaces bytes [from, to) of the entries with `entry` and adds `count_delta` to the count.
  void Splice(std::size_t from, std::size_t to, std::string_view entry, int count_delta);

  std::string_view bytes() const { return data_.view(); }

  // Empty, or: varint count, then per label varint name code, varint value length, the name
  // when it is not well known, value; sorted by name, names unique. The name code is twice
  // the id of a well-known name plus one, or twice the length of a spelled-out name. Never written after construction, so copies (in
  // other threads too) may share it. Its spare word holds the hash (see Hash), 0 until
  // computed.
  SharedBytes data_;
};

// LabelSet::Hash of the set `labels` make, without building it: they must be sorted by name
// and unique. For looking up a set by labels picked from another.
std::uint64_t HashSortedLabels(std::span<const Label> labels);

// Classic Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsClassicLabelName(std::string_view name);
bool IsValidUtf8(std::string_view text);

// Go's strconv.Quote: "..." with \" \\ \n \t and \x/\u escapes for what is not printable.
std::string GoQuote(std::string_view text);

}  // namespace overlord
