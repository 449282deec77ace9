#include "model/fingerprint.h"

#include <doctest/doctest.h>

namespace overlord {

TEST_CASE("fingerprints match Prometheus test vectors") {
  CHECK(FingerprintToString(FingerprintOf({})) == "cbf29ce484222325");
  CHECK(FingerprintToString(1) == "0000000000000001");  // always 16 digits
  CHECK(FingerprintToString(FingerprintOf({{"foo", "bar"}})) == "3fff2c2d7595e046");
  CHECK(FingerprintToString(FingerprintOf({{"alertname", "X"}})) == "d2aeefc389ca7746");
  CHECK(FingerprintToString(FingerprintOf(
            {{"job", "node"}, {"alertname", "X"}, {"instance", "a:9100"}})) == "6870b400b71613f1");
}

TEST_CASE("fingerprint strings round-trip") {
  Fingerprint fp = FingerprintOf({{"a", "b"}});
  CHECK(ParseFingerprint(FingerprintToString(fp)) == fp);
  CHECK_FALSE(ParseFingerprint("xyz").has_value());
  CHECK_FALSE(ParseFingerprint("").has_value());
  CHECK_FALSE(ParseFingerprint("00000000000000000").has_value());
}

}  // namespace overlord
