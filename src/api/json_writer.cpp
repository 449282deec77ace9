#include "api/json_writer.h"

#include <cstdio>

namespace overlord::api {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c < 0x80) {
          out += static_cast<char>(c);
        } else {
          // Stored strings were validated as UTF-8 on the way in; copy the sequence whole.
          std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
          if (len == 0 || i + len > text.size() || !IsValidUtf8(text.substr(i, len))) {
            out += "\xEF\xBF\xBD";
          } else {
            out.append(text.substr(i, len));
            i += len - 1;
          }
        }
    }
  }
  out += '"';
}

void AppendJsonObject(std::string& out, const LabelSet& labels) {
  out += '{';
  bool first = true;
  for (const Label& l : labels) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, l.name);
    out += ':';
    AppendJsonString(out, l.value);
  }
  out += '}';
}

}  // namespace overlord::api
