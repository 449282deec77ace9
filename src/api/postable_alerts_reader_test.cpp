#include "api/postable_alerts_reader.h"

#include <doctest/doctest.h>

#include <cstdio>

#include "api/alert_codec.h"

namespace overlord::api {
namespace {

std::optional<std::vector<Alert>> Read(std::string_view body, std::size_t max = 100) {
  return ReadPostableAlerts(body, max);
}

// What DecodePostableAlerts made of a body, as text to compare.
std::string Describe(const DecodedAlerts& d) {
  std::string out = std::to_string(d.fatal_status) + " " + d.fatal_body + "\n";
  for (const Alert& a : d.valid) {
    out += a.labels.ToString() + " " + a.annotations.Expand(a.labels).ToString() + " " +
           std::to_string(ToUnixNanos(a.starts_at)) + " " + std::to_string(ToUnixNanos(a.ends_at)) +
           " " + a.generator_url.str() + (a.timeout ? " timeout" : "") + "\n";
  }
  for (const std::string& e : d.errors) out += "error: " + e + "\n";
  return out;
}

}  // namespace

TEST_CASE("fast reader: the plain Prometheus form") {
  auto alerts = Read(R"( [ {"labels":{"alertname":"X","job":"node"},
      "annotations":{"summary":"s"},"startsAt":"2023-11-14T22:13:20Z",
      "endsAt":"2023-11-14T22:18:20.5+01:00","generatorURL":"http://p/graph?g0.expr=up"} ] )");
  REQUIRE(alerts.has_value());
  REQUIRE(alerts->size() == 1);
  const Alert& a = (*alerts)[0];
  CHECK(a.labels.ToString() == R"({alertname="X", job="node"})");
  CHECK(a.annotations.Expand(a.labels).ToString() == R"({summary="s"})");
  CHECK(a.starts_at == FromUnixSeconds(1'700'000'000));
  CHECK(a.ends_at == FromUnixSeconds(1'700'000'300 - 3600) + std::chrono::milliseconds(500));
  CHECK(a.generator_url == "http://p/graph?g0.expr=up");
  CHECK(Read("[]")->empty());
}

TEST_CASE("fast reader: escapes, UTF-8, nulls, unknown fields, repeated label names") {
  auto alerts = Read(
      R"([{"labels":{"a":"q\"b\\s\/\n\u00e9\ud83d\ude00","b":"ünï","a":"last"},"annotations":null,)"
      R"("startsAt":null,"endsAt":null,"generatorURL":null,"extra":{"k":[true,false,null,"s",{}]},)"
      R"("lab\u0065ls2":"x"}])");
  REQUIRE(alerts.has_value());
  const Alert& a = (*alerts)[0];
  CHECK(a.labels.Get("a") == "last");
  CHECK(a.labels.Get("b") == "ünï");
  CHECK(a.annotations.empty());
  CHECK(IsZero(a.starts_at));
  CHECK(IsZero(a.ends_at));
  CHECK(a.generator_url.empty());
  auto escaped = Read(R"([{"labels":{"k\u0031":"q\"b\\s\/\n\u00e9\ud83d\ude00"}}])");
  REQUIRE(escaped.has_value());
  CHECK((*escaped)[0].labels.Get("k1") == "q\"b\\s/\n\u00e9\U0001F600");
  // An escaped field name is still that field.
  auto named = Read(R"([{"lab\u0065ls":{"a":"1"}}])");
  REQUIRE(named.has_value());
  CHECK((*named)[0].labels.Get("a") == "1");
}

TEST_CASE("fast reader declines everything that is not the plain case") {
  const char* declined[] = {
      "",                                                  // empty
      "\xEF\xBB\xBF[]",                                    // BOM
      "{}",                                                // not an array
      "[1]",                                               // not an object
      "[{}]",                                              // no labels
      R"([{"labels":null}])",                              // null labels
      R"([{"labels":{"a":1}}])",                           // non-string value
      R"([{"labels":{"a":"1"},"x":1}])",                   // number in an unknown field
      R"([{"labels":{"a":"1"},"labels":{"b":"2"}}])",      // repeated field
      R"([{"labels":{"a":"1"},"startsAt":"yesterday"}])",  // bad time
      R"([{"labels":{"a":"1"},"startsAt":5}])",            // time not a string
      R"([{"labels":{"a":"1"},"generatorURL":"a b"}])",    // not a URI
      R"([{"labels":{"a":"1"},"generatorURL":"a\tb"}])",   // an escaped tab
      R"([{"labels":{"a":"1"},"generatorURL":true}])",     // URL not a string
      R"([{"labels":{"a":"1"},"annotations":[]}])",        // annotations not an object
      "[{\"labels\":{\"a\":\"\xff\"}}]",                   // invalid UTF-8
      "[{\"labels\":{\"a\":\"\x01\"}}]",                   // raw control byte
      R"([{"labels":{"a":"\ud83d"}}])",                    // lone high surrogate
      R"([{"labels":{"a":"\ude00"}}])",                    // lone low surrogate
      R"([{"labels":{"a":"\x"}}])",                        // bad escape
      R"([{"labels":{"a":"1"}}] x)",                       // trailing bytes
      R"([{"labels":{"a":"1"}},])",                        // trailing comma
      R"([{"labels":{"a":"1"}})",                          // unterminated
      R"([{"labels":{"a":"1"},"x":nul}])",                 // bad literal
  };
  for (const char* body : declined) {
    CAPTURE(body);
    CHECK_FALSE(Read(body).has_value());
  }
  // Not a URI after a good one (a URL repeated from the alert before is checked once).
  CHECK_FALSE(
      Read(R"([{"labels":{"a":"1"},"generatorURL":"u"},{"labels":{"a":"2"},"generatorURL":"u\n"}])")
          .has_value());
  CHECK_FALSE(Read(R"([{"labels":{"a":"1"}},{"labels":{"a":"2"}}])", 1).has_value());
  CHECK(Read(R"([{"labels":{"a":"1"}},{"labels":{"a":"2"}}])", 2).has_value());
}

TEST_CASE("both decoders let alerts with the same generator URL share its bytes") {
  const char* body = R"([{"labels":{"a":"1"},"generatorURL":"http://p/graph?g0.expr=up"},
      {"labels":{"a":"2"},"generatorURL":"http://p/graph?g0.expr=up"},
      {"labels":{"a":"3"},"generatorURL":"http://p/graph?g0.expr=down"}%s])";
  for (bool dom : {false, true}) {
    CAPTURE(dom);
    char text[512];
    std::snprintf(text, sizeof text, body, dom ? R"(,{"labels":{"a":"4"},"x":1})" : "");
    DecodedAlerts d = DecodePostableAlerts(text, FromUnixSeconds(1'700'000'000),
                                           std::chrono::minutes(5), {});
    REQUIRE(d.valid.size() == (dom ? 4 : 3));
    CHECK(d.valid[0].generator_url == "http://p/graph?g0.expr=up");
    CHECK(d.valid[1].generator_url.SharesWith(d.valid[0].generator_url));
    CHECK(d.valid[2].generator_url == "http://p/graph?g0.expr=down");
    CHECK_FALSE(d.valid[2].generator_url.SharesWith(d.valid[1].generator_url));
  }
}

TEST_CASE("fast reader and DOM decode valid bodies alike") {
  const Time now = FromUnixSeconds(1'700'000'000);
  const Duration resolve = std::chrono::minutes(5);
  const char* items[] = {
      R"({"labels":{"alertname":"X","empty":"","z":"\u003c\u0026"},"annotations":{"d":"é"}})",
      R"({"labels":{"b":"1"},"endsAt":"2023-11-14T22:00:00Z","generatorURL":"http://x/"})",
      R"({"labels":{"c":"1"},"startsAt":"2023-11-14T22:00:00Z","endsAt":"2023-11-14T21:00:00Z"})",
      R"({"labels":{}})",
      R"({"labels":{"d":"1"},"startsAt":"0001-01-01T00:00:00Z","extra":[{"a":"b"}]})",
  };
  for (const char* item : items) {
    CAPTURE(item);
    std::string fast = std::string("[") + item + "]";
    // A numeric field makes the fast reader decline: the same alert then goes through the DOM.
    std::string dom = std::string("[{\"num\":1,") + (item + 1) + "]";
    REQUIRE(Read(fast).has_value());
    REQUIRE_FALSE(Read(dom).has_value());
    std::string fast_text = Describe(DecodePostableAlerts(fast, now, resolve, {}));
    std::string dom_text = Describe(DecodePostableAlerts(dom, now, resolve, {}));
    CHECK(fast_text == dom_text);
  }
}

TEST_CASE("fast reader finds a special byte at any offset of a long string") {
  const Time now = FromUnixSeconds(1'700'000'000);
  const Duration resolve = std::chrono::minutes(5);
  // Strings are skipped eight bytes at a time; put each kind of byte that must stop the
  // skip at every offset of the word and around it.
  for (std::size_t at = 0; at < 20; ++at) {
    CAPTURE(at);
    auto body = [&](std::string_view special, std::string_view prefix) {
      std::string value(24, 'v');
      value.insert(at, special);
      return "[{" + std::string(prefix) + R"("labels":{"alertname":")" + value + R"("}}])";
    };
    for (std::string_view valid : {"\\\"", "\\\\", "\\u0041", "\xC3\xA9", "\xE2\x82\xAC"}) {
      CAPTURE(valid);
      std::optional<std::vector<Alert>> fast = Read(body(valid, ""));
      REQUIRE(fast.has_value());
      CHECK(Describe(DecodePostableAlerts(body(valid, ""), now, resolve, {})) ==
            Describe(DecodePostableAlerts(body(valid, R"("num":1,)"), now, resolve, {})));
    }
    for (std::string_view invalid : {"\x01", "\x1F", "\xFF", "\xC3", "\t"}) {
      CAPTURE(static_cast<int>(static_cast<unsigned char>(invalid[0])));
      CHECK_FALSE(Read(body(invalid, "")).has_value());
    }
    // A closing quote at `at` ends the value there.
    std::string cut = R"([{"labels":{"alertname":")" + std::string(at, 'v') + R"("}}])";
    std::optional<std::vector<Alert>> alerts = Read(cut);
    REQUIRE(alerts.has_value());
    CHECK((*alerts)[0].labels.Get("alertname") == std::string(at, 'v'));
  }
}

}  // namespace overlord::api
