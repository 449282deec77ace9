// JsonWriter: builds JSON text byte-for-byte as Go's encoding/json does, so payloads match
// what Alertmanager sends. Keys are written in the order given (Go emits struct fields in
// declaration order); maps must be passed already sorted, as Go sorts map keys.
//
// Strings are escaped like Go's encoder with HTML escaping on (its default): `<`, `>`, `&`
// become \u003c \u003e \u0026, U+2028/U+2029 are escaped, control bytes other than \n \r \t
// become \u00XX, and each byte of invalid UTF-8 becomes \ufffd.
//
//   JsonWriter w;
//   w.BeginObject().Key("version").String("4").Key("truncatedAlerts").Int(0).EndObject();
//   std::string body = w.Take();  // {"version":"4","truncatedAlerts":0}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/labels.h"
#include "model/time.h"

namespace overlord {

// Appends `text` as a quoted JSON string.
void AppendGoJsonString(std::string& out, std::string_view text);
// Appends {"name":"value",...} in label order (Go's map[string]string encoding).
void AppendGoJsonObject(std::string& out, const LabelSet& labels);

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Inside an object: the next call writes the value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A label set as an object in name order (Go's map[string]string encoding).
  JsonWriter& Labels(const LabelSet& labels);

  // The text written so far; the writer is empty afterwards.
  std::string Take();

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace overlord
