#include "api/serialized_alerts.h"

#include <doctest/doctest.h>

#include <string>

#include "api/alert_codec.h"

namespace overlord::api {

TEST_CASE("serialized alerts come back in fingerprint order and by fingerprint") {
  std::vector<Alert> alerts;
  for (int i = 0; i < 3000; ++i) {  // several chunks' worth
    Alert a;
    a.labels = {{"alertname", "A" + std::to_string(i)}, {"pad", std::string(400, 'x')}};
    alerts.push_back(a);
  }
  SerializedAlerts s;
  AlertView v;
  for (const Alert& a : alerts) {
    v.alert = &a;
    v.fingerprint = a.fingerprint();
    s.Add(v);
  }
  s.Sort();
  REQUIRE(s.size() == alerts.size());
  for (std::size_t i = 1; i < s.size(); ++i) {
    std::string_view prev = s.At(i - 1), cur = s.At(i);
    REQUIRE(prev.substr(prev.find("\"fingerprint\"")).substr(0, 32) <
            cur.substr(cur.find("\"fingerprint\"")).substr(0, 32));
  }
  for (const Alert& a : alerts) {
    std::string expected;
    v.alert = &a;
    v.fingerprint = a.fingerprint();
    AppendGettableAlert(expected, v);
    CHECK(s.Find(a.fingerprint()) == expected);
  }
  CHECK(s.Find(12345).empty());
}

}  // namespace overlord::api
