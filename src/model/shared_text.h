// SharedText: an immutable string whose copies share one allocation.
//
// An alert's generator URL is copied with the alert into the store and into every
// aggregation group, and the alerts of one Prometheus rule all carry the same URL; sharing
// the bytes saves an allocation per copy and, where decoders reuse the previous alert's URL,
// keeps one copy per rule instead of one per alert:
//
//   SharedText url = "http://prometheus:9090/graph?g0.expr=up";
//   Alert copy = alert;  // copy.generator_url shares alert.generator_url's bytes
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace overlord {

class SharedText {
 public:
  SharedText() = default;
  // Implicit, like std::string's: assigning text of any kind just works.
  SharedText(std::string_view text) {  // NOLINT(google-explicit-constructor)
    if (text.empty()) return;
    std::shared_ptr<char[]> block = std::make_shared_for_overwrite<char[]>(text.size());
    std::memcpy(block.get(), text.data(), text.size());
    data_ = std::move(block);
    size_ = text.size();
  }
  SharedText(const std::string& text) : SharedText(std::string_view(text)) {}  // NOLINT
  SharedText(const char* text) : SharedText(std::string_view(text)) {}        // NOLINT

  // `recent` when it holds `text`, else a new SharedText: decoders pass the previous alert's
  // URL, since alerts of one rule arrive (and are stored) together and carry the same one.
  static SharedText Reuse(const SharedText& recent, std::string_view text) {
    return recent == text ? recent : SharedText(text);
  }

  std::string_view view() const { return {data_.get(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string(view()); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // True when both share one allocation (or are both empty): no byte comparison needed.
  bool SharesWith(const SharedText& other) const { return data_ == other.data_; }

  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.data_ == b.data_ || a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.view() == b; }

 private:
  std::shared_ptr<const char[]> data_;  // null when empty; never written after construction
  std::size_t size_ = 0;
};

}  // namespace overlord
