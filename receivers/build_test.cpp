#include "receivers/build.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("webhook configs and unsupported integrations become integrations") {
  config::Receiver receiver;
  receiver.name = "team";
  receiver.webhook_configs.resize(2);
  receiver.webhook_configs[1].send_resolved = false;
  for (auto [type, send_resolved] :
       {std::pair{"email", false}, std::pair{"telegram", true}, std::pair{"email", true}}) {
    config::UnsupportedIntegration u;
    u.type = type;
    u.send_resolved = send_resolved;
    receiver.unsupported.push_back(u);
  }
  SystemClock clock;
  auto integrations = BuildIntegrations(receiver, {clock});
  REQUIRE(integrations.size() == 5);
  auto describe = [](const Integration& i) {
    return std::string(i.type()) + "[" + std::to_string(i.index()) + "]" +
           (i.send_resolved() ? "+" : "-");
  };
  CHECK(describe(*integrations[0]) == "webhook[0]+");
  CHECK(describe(*integrations[1]) == "webhook[1]-");
  CHECK(describe(*integrations[2]) == "email[0]-");
  CHECK(describe(*integrations[3]) == "telegram[0]+");
  CHECK(describe(*integrations[4]) == "email[1]+");

  SendResult r = integrations[2]->Send(Notification{}, clock.Now());
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.retryable);
  CHECK(r.error == "email integration is not supported by Overlord; notification dropped");
}

TEST_CASE("a receiver without configs has no integrations") {
  SystemClock clock;
  config::Receiver receiver;
  receiver.name = "null";
  CHECK(BuildIntegrations(receiver, {clock}).empty());
}

}  // namespace
}  // namespace overlord
