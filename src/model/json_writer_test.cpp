#include "model/json_writer.h"

#include <doctest/doctest.h>

#include <vector>

namespace overlord {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendGoJsonString(out, s);
  return out;
}

TEST_CASE("strings are escaped like Go's json.Encoder") {
  CHECK(Quote("") == R"("")");
  CHECK(Quote("plain text 123") == R"("plain text 123")");
  CHECK(Quote("\"q\" \\") == R"("\"q\" \\")");
  CHECK(Quote("a\nb\rc\td") == R"("a\nb\rc\td")");
  // HTML-sensitive characters (Go escapes them by default).
  CHECK(Quote("<a href=x&y>") == R"("\u003ca href=x\u0026y\u003e")");
  // Other control bytes, including \b and \f, as \u00XX (Go 1.19, as in Debian's 0.25).
  CHECK(Quote(std::string("\x00\x01\b\f\x1f", 5)) == R"("\u0000\u0001\u0008\u000c\u001f")");
  CHECK(Quote("\x7f") == "\"\x7f\"");  // DEL is passed through
  CHECK(Quote("é ü 日本 🙂") == "\"é ü 日本 🙂\"");
  CHECK(Quote("a\u2028b\u2029c") == R"("a\u2028b\u2029c")");
}

TEST_CASE("each byte of invalid UTF-8 becomes U+FFFD") {
  CHECK(Quote("\xff") == R"("\ufffd")");
  CHECK(Quote("a\xc3") == R"("a\ufffd")");                              // truncated sequence
  CHECK(Quote("\xc0\xaf") == R"("\ufffd\ufffd")");                      // overlong '/'
  CHECK(Quote("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");            // UTF-16 surrogate
  CHECK(Quote("\xf4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  CHECK(Quote("\xe2\x82") == R"("\ufffd\ufffd")");
}

TEST_CASE("writer places commas and keeps key order") {
  JsonWriter w;
  w.BeginObject();
  w.Key("z").String("1");
  w.Key("a").BeginArray().Int(1).Int(-2).Bool(true).Null().BeginObject().EndObject().EndArray();
  w.Key("labels").Labels(LabelSet{{"b", "2"}, {"a", "1"}});
  w.Key("empty").Labels(LabelSet{});
  w.EndObject();
  CHECK(w.Take() == R"({"z":"1","a":[1,-2,true,null,{}],"labels":{"a":"1","b":"2"},"empty":{}})");
  w.BeginArray().EndArray();
  CHECK(w.Take() == "[]");
}

TEST_CASE("escapes inside runs of plain text, and multi-byte text kept as is") {
  CHECK(Quote("abc\"def<g>h&i\\j") == R"("abc\"def\u003cg\u003eh\u0026i\\j")");
  CHECK(Quote("héllo wörld") == "\"héllo wörld\"");
  CHECK(Quote("a\xe2\x80\xa8" "b\xff" "c") == R"("a\u2028b\ufffdc")");
  CHECK(Quote("") == R"("")");
}

TEST_CASE("every byte value is seen at every place within and across 8-byte words") {
  // Plain text goes 8 bytes at a time; a byte needing care must stop it wherever it sits.
  for (int b = 0; b < 256; ++b) {
    const std::string byte(1, static_cast<char>(b));
    std::string alone = Quote(byte);  // short: byte by byte
    alone = alone.substr(1, alone.size() - 2);
    for (std::size_t at = 0; at < 24; ++at) {
      const std::string text = std::string(at, 'a') + byte + std::string(23 - at, 'z');
      CHECK_MESSAGE(
          Quote(text) == "\"" + std::string(at, 'a') + alone + std::string(23 - at, 'z') + "\"",
          "byte ", b, " at ", at);
    }
  }
  // Two-byte characters split across a word boundary, and escapes in a row.
  CHECK(Quote("1234567é12345678é") == "\"1234567é12345678é\"");
  CHECK(Quote("1234567\xe2\x80\xa9x") == R"("1234567\u2029x")");
  CHECK(Quote("<<<<>>>>&&&&\"\"\"\"") ==
        R"("\u003c\u003c\u003c\u003c\u003e\u003e\u003e\u003e\u0026\u0026\u0026\u0026\"\"\"\"")");
}

}  // namespace
}  // namespace overlord
