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
#include <string>
#include <string_view>

#include "model/shared_bytes.h"

namespace overlord {

class SharedText {
 public:
  SharedText() = default;
  // Implicit, like std::string's: assigning text of any kind just works.
  SharedText(std::string_view text)  // NOLINT(google-explicit-constructor)
      : bytes_(SharedBytes::Copy(text)) {}
  SharedText(const std::string& text) : SharedText(std::string_view(text)) {}  // NOLINT
  SharedText(const char* text) : SharedText(std::string_view(text)) {}        // NOLINT

  // `recent` when it holds `text`, else a new SharedText: decoders pass the previous alert's
  // URL, since alerts of one rule arrive (and are stored) together and carry the same one.
  static SharedText Reuse(const SharedText& recent, std::string_view text) {
    return recent == text ? recent : SharedText(text);
  }

  std::string_view view() const { return bytes_.view(); }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string(view()); }
  bool empty() const { return bytes_.empty(); }
  std::size_t size() const { return bytes_.size(); }
  // True when both share one allocation (or are both empty): no byte comparison needed.
  bool SharesWith(const SharedText& other) const { return bytes_.SharesWith(other.bytes_); }

  friend bool operator==(const SharedText& a, const SharedText& b) {
    return a.SharesWith(b) || a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) { return a.view() == b; }

 private:
  SharedBytes bytes_;
};

}  // namespace overlord
