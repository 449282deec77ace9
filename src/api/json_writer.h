// Small helpers for writing JSON by hand on hot paths (GET of 100k alerts), where building
// a DOM first would double the work.
#pragma once

#include <string>
#include <string_view>

#include "model/labels.h"

namespace overlord::api {

// Appends `text` as a JSON string literal (with quotes). Invalid UTF-8 bytes become U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);
// Appends {"name":"value",...} in label order.
void AppendJsonObject(std::string& out, const LabelSet& labels);

}  // namespace overlord::api
