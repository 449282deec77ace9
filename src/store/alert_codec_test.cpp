#include "store/alert_codec.h"

#include <doctest/doctest.h>

#include "store/test_util.h"

namespace overlord {
namespace {

using testing::T;

Alert Sample() {
  Alert a;
  a.labels = {{"alertname", "HighLatency"}, {"instance", "a:9100"}, {"job", "node"}};
  a.annotations = {{"summary", "p99 > 1s ✓"}, {"empty", ""}};
  a.starts_at = T(1700000000) + std::chrono::nanoseconds(123456789);
  a.ends_at = T(1700000300);
  a.updated_at = T(1700000001);
  a.generator_url = "http://prom/graph?g0.expr=x";
  a.timeout = true;
  return a;
}

Alert RoundTrip(const Alert& a) {
  std::string bytes;
  EncodeAlert(a, &bytes);
  Result<Alert> back = DecodeAlert(bytes);
  REQUIRE(back.ok());
  return *back;
}

TEST_CASE("Alert codec round-trips every field") {
  Alert a = Sample();
  CHECK(RoundTrip(a) == a);

  SUBCASE("zero times and empty fields") {
    Alert z;
    z.labels = {{"a", ""}};
    CHECK(IsZero(RoundTrip(z).starts_at));
    CHECK(IsZero(RoundTrip(z).ends_at));
    CHECK(IsZero(RoundTrip(z).updated_at));
    CHECK(RoundTrip(z) == z);
    CHECK(RoundTrip(Alert{}) == Alert{});
  }
  SUBCASE("long values need multi-byte lengths") {
    a.generator_url = std::string(100000, 'u');
    a.annotations = {{"description", std::string(300, 'd')}};
    CHECK(RoundTrip(a) == a);
  }
  SUBCASE("negative and extreme times") {
    a.starts_at = FromUnixNanos(-1);
    a.ends_at = Time::max();
    CHECK(RoundTrip(a) == a);
  }
}

TEST_CASE("Alert codec shares a recent alert's equal generator URL") {
  Alert a = Sample();
  std::string bytes;
  EncodeAlert(a, &bytes);
  SharedText recent = a.generator_url.str();  // equal text, another allocation
  Result<Alert> shared = DecodeAlert(bytes, recent);
  REQUIRE(shared.ok());
  CHECK(shared->generator_url.SharesWith(recent));
  CHECK(*shared == a);
  Result<Alert> own = DecodeAlert(bytes, SharedText("http://other/"));
  REQUIRE(own.ok());
  CHECK(own->generator_url == a.generator_url);
  CHECK_FALSE(own->generator_url.SharesWith(recent));
}

TEST_CASE("Alert codec appends to the buffer") {
  std::string bytes = "prefix";
  EncodeAlert(Sample(), &bytes);
  CHECK(bytes.substr(0, 6) == "prefix");
  CHECK(DecodeAlert(std::string_view(bytes).substr(6)).ok());
}

TEST_CASE("Alert codec rejects every truncation and trailing garbage") {
  std::string bytes;
  EncodeAlert(Sample(), &bytes);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    CHECK(!DecodeAlert(std::string_view(bytes).substr(0, n)).ok());
  }
  CHECK(!DecodeAlert(bytes + '\0').ok());
}

TEST_CASE("Alert codec rejects corrupt headers and counts") {
  std::string bytes;
  EncodeAlert(Sample(), &bytes);
  SUBCASE("unknown version") {
    bytes[0] = 9;
    Result<Alert> r = DecodeAlert(bytes);
    REQUIRE(!r.ok());
    CHECK(r.error().find("version 9") != std::string::npos);
  }
  SUBCASE("unknown flag") {
    bytes[1] = 4;
    CHECK(!DecodeAlert(bytes).ok());
  }
  SUBCASE("huge label count") {
    Alert a;
    std::string small;
    EncodeAlert(a, &small);
    // Replace the label count (second to last byte: labels, annotations) by a large varint.
    small = small.substr(0, small.size() - 2) + "\xff\xff\xff\xff\x0f" + '\0';
    CHECK(!DecodeAlert(small).ok());
  }
  SUBCASE("labels out of order") {
    Alert a;
    a.labels = {{"a", "1"}, {"b", "2"}};
    std::string enc;
    EncodeAlert(a, &enc);
    std::size_t pos = enc.find('b');
    enc[pos] = 'a';  // duplicate name
    CHECK(!DecodeAlert(enc).ok());
  }
}

TEST_CASE("Alert codec stores label sets in their portable form") {
  Alert a = Sample();
  std::string bytes;
  EncodeAlert(a, &bytes);
  CHECK(bytes[0] == 2);
  std::string labels, annotations;
  a.labels.AppendPortable(&labels);
  a.annotations.Expand(a.labels).AppendPortable(&annotations);
  CHECK(bytes.find(labels) != std::string::npos);
  CHECK(bytes.find(annotations) != std::string::npos);
  // Memory holds "alertname" as an id; the row spells it out.
  REQUIRE(a.labels.Has("alertname"));
  CHECK(a.labels.encoded().find("alertname") == std::string_view::npos);
  CHECK(bytes.find("alertname") != std::string::npos);
}

TEST_CASE("Alert codec still reads version 1 rows") {
  // Version 1: header, then per set a count and name/value strings.
  std::string v1("\x01\x01", 2);
  v1 += std::string(8, '\0') + std::string(8, '\0') + std::string(8, '\0');
  v1 += std::string("\x03url", 4);
  v1 += std::string("\x02\x01" "a" "\x01" "1" "\x01" "b" "\x02" "22", 10);
  v1 += std::string("\x01\x07summary\x00", 10);
  Result<Alert> a = DecodeAlert(v1);
  REQUIRE(a.ok());
  CHECK(a->labels == LabelSet{{"a", "1"}, {"b", "22"}});
  CHECK(a->annotations == LabelSet{{"summary", ""}});
  CHECK(a->generator_url == "url");
  CHECK(a->timeout);
  CHECK(a->starts_at == FromUnixNanos(0));
  std::string swapped = v1;
  swapped[swapped.find('b')] = 'a';  // duplicate name: corrupt
  CHECK(!DecodeAlert(swapped).ok());
  CHECK(!DecodeAlert(v1.substr(0, v1.size() - 1)).ok());
}

}  // namespace
}  // namespace overlord
