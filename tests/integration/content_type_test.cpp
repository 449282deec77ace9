// Clients that send JSON without a JSON Content-Type (`curl -d` labels it form-urlencoded)
// are served like any other: cpp-httplib would otherwise cap such bodies at 8 KiB.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "harness.h"

namespace overlord::it {
namespace {

TEST_CASE("content type: a large JSON body labelled form-urlencoded is accepted") {
  OverlordServer server("content-type", R"(
route:
  receiver: none
receivers:
- name: none
)");
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  std::vector<nlohmann::json> alerts;
  for (int i = 0; i < 200; ++i) {
    alerts.push_back(MakeAlert({{"alertname", "Big"}, {"n", std::to_string(i)}}, std::nullopt,
                               std::nullopt, {{"description", std::string(100, 'x')}}));
  }
  std::string body = nlohmann::json(alerts).dump();
  REQUIRE(body.size() > 20000);
  HttpResponse r = server.Post("/api/v2/alerts", body, "application/x-www-form-urlencoded");
  CHECK(r.status == 200);
  CHECK(server.GetJson("/api/v2/alerts").size() == 200);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
