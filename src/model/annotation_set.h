// AnnotationSet: an alert's annotations, held as given or as a template over the alert's
// own labels.
//
// Prometheus renders annotations from labels ("{{ $labels.instance }} is down"), so most of
// an annotation's bytes repeat label values, and the rest is the same for every alert of a
// rule. Template() replaces each label value found in an annotation with a reference to
// that label; a TemplateCache then lets the alerts of one rule share a single block, which
// is what makes a hundred thousand alerts cheap to hold. Expand() gives back the exact
// bytes, so every reader (API, templates, receivers) sees what was posted:
//
//   AnnotationSet held = cache.Share(AnnotationSet::Template(posted, alert.labels));
//   held.Expand(alert.labels) == posted;  // always
//
// A template only makes sense with the labels it was made from; an alert's labels never
// change, so an Alert keeps both side by side.
#pragma once

#include <cstddef>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "model/labels.h"

namespace overlord {

class AnnotationSet {
 public:
  AnnotationSet() = default;
  // As given: how decoders, tests and tools build one.
  AnnotationSet(LabelSet plain) : set_(std::move(plain)) {}  // NOLINT(google-explicit-constructor)
  AnnotationSet(std::initializer_list<std::pair<std::string_view, std::string_view>> plain)
      : set_(plain) {}

  // `plain` with every label value of `labels` it contains replaced by a reference, or
  // `plain` itself when no value occurs in it. Already templated sets come back unchanged.
  static AnnotationSet Template(const AnnotationSet& plain, const LabelSet& labels);

  // The annotations as given, for the labels the set was templated with. Shares the block
  // when the set is not a template.
  LabelSet Expand(const LabelSet& labels) const;
  // Calls visit(name, value) for each annotation of Expand(labels), in name order, without
  // building a set: templated values are expanded into `scratch` (so `value` lasts until
  // the next call). How the API writes 100k alerts' annotations.
  template <typename Visit>
  void ForEachExpanded(const LabelSet& labels, std::string& scratch, Visit&& visit) const;
  // Expand(labels) == plain, without building the expansion: how the store sees that a
  // re-sent alert repeats its annotations.
  bool Matches(const LabelSet& plain, const LabelSet& labels) const;

  bool templated() const;
  // The held form's block (a template's, for a templated set): for tests of sharing.
  std::string_view encoded() const { return set_.encoded(); }
  bool empty() const { return set_.empty(); }
  std::size_t size() const { return templated() ? set_.size() - 1 : set_.size(); }

  // Compares the held form: a template and its expansion differ.
  friend bool operator==(const AnnotationSet&, const AnnotationSet&) = default;

 private:
  friend class TemplateCache;
  // Appends what a templated `value` stands for with `labels` to `out`.
  static void AppendExpanded(std::string_view value, const LabelSet& labels, std::string& out);

  // A template is a set whose first entry is the marker (an empty name, which no posted
  // annotation has, and a value that is not UTF-8); its values hold references (see the
  // .cpp). A plain set is the annotations as given.
  LabelSet set_;
};

template <typename Visit>
void AnnotationSet::ForEachExpanded(const LabelSet& labels, std::string& scratch,
                                    Visit&& visit) const {
  if (!templated()) {
    for (const Label& l : set_) visit(l.name, l.value);
    return;
  }
  // The marker sorts first (its name is empty), so the rest are in name order.
  for (auto it = std::next(set_.begin()); it != set_.end(); ++it) {
    scratch.clear();
    AppendExpanded(it->value, labels, scratch);
    visit(it->name, std::string_view(scratch));
  }
}

// Hands out one shared block per distinct template, so that alerts of one rule hold their
// annotations once. Remembers the most recent templates, at most `max_entries` of them and
// `max_bytes` in all (what it alone keeps alive once their alerts are gone); not
// thread-safe (the store calls it under its lock).
class TemplateCache {
 public:
  explicit TemplateCache(std::size_t max_entries = 4096, std::size_t max_bytes = 4 << 20)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}
  TemplateCache(const TemplateCache&) = delete;
  TemplateCache& operator=(const TemplateCache&) = delete;

  // `set`, or an equal template already handed out. Plain sets pass through.
  AnnotationSet Share(AnnotationSet set);
  std::size_t size() const { return held_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  const std::size_t max_entries_;
  const std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  // Keyed by the block's bytes, which the held set keeps alive.
  std::unordered_map<std::string_view, LabelSet> held_;
  std::deque<std::string_view> order_;  // oldest first, for eviction
};

}  // namespace overlord
