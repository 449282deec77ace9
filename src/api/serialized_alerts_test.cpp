#include "api/serialized_alerts.h"

#include <doctest/doctest.h>

#include <algorithm>
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
    std::string expected, scratch;
    v.alert = &a;
    v.fingerprint = a.fingerprint();
    AppendGettableAlert(expected, v, scratch);
    CHECK(s.Find(a.fingerprint()) == expected);
  }
  CHECK(s.Find(12345).empty());
}

TEST_CASE("shards written apart read back as one, in order") {
  std::vector<Alert> alerts;
  for (int i = 0; i < 5000; ++i) {  // several chunks per shard
    Alert a;
    a.labels = {{"alertname", "S" + std::to_string(i)}, {"pad", std::string(500, 'y')}};
    alerts.push_back(a);
  }
  std::sort(alerts.begin(), alerts.end(),
            [](const Alert& a, const Alert& b) { return a.fingerprint() < b.fingerprint(); });
  std::vector<SerializedAlerts> parts(3);
  AlertView v;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    v.alert = &alerts[i];
    v.fingerprint = alerts[i].fingerprint();
    parts[i * 3 / alerts.size()].Add(v);  // consecutive runs, as VisitAlerts gives them
  }
  SerializedAlerts all = SerializedAlerts::Concat(std::move(parts));
  all.Sort();
  REQUIRE(all.size() == alerts.size());
  std::string scratch;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    std::string expected;
    v.alert = &alerts[i];
    v.fingerprint = alerts[i].fingerprint();
    AppendGettableAlert(expected, v, scratch);
    REQUIRE(all.At(i) == expected);
    REQUIRE(all.Find(v.fingerprint) == expected);
  }
}

}  // namespace overlord::api
