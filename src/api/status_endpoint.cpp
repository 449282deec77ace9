#include "api/status_endpoint.h"

#include <nlohmann/json.hpp>

#include "api/http_util.h"
#include "config/loader.h"

namespace overlord::api {

void HandleGetStatus(httplib::Response& res, const ApiOptions& options, const ApiDeps& deps) {
  using nlohmann::json;
  std::shared_ptr<const config::Config> cfg = deps.router.config();
  json cluster;
  if (options.cluster_address.empty()) {
    cluster = {{"status", "disabled"}, {"peers", json::array()}};
  } else {
    // A single node reports itself as the only, ready peer (what Alertmanager shows
    // when it runs alone with clustering on, its default).
    cluster = {{"name", options.cluster_peer_name},
               {"status", "ready"},
               {"peers", json::array({{{"name", options.cluster_peer_name},
                                       {"address", options.cluster_address}}})}};
  }
  json status = {
      {"cluster", cluster},
      {"config", {{"original", config::MarshalMasked(*cfg)}}},
      {"uptime", FormatRFC3339Millis(deps.router.start_time())},
      {"versionInfo",
       {{"branch", "main"},
        {"buildDate", __DATE__},
        {"buildUser", "overlord"},
        {"goVersion", "none (C++, g++ " __VERSION__ ")"},
        {"revision", "overlord-" OVERLORD_VERSION},
        {"version", OVERLORD_VERSION}}},
  };
  ReplyJson(res, 200, status.dump(-1, ' ', false, json::error_handler_t::replace));
}

void HandleGetReceivers(httplib::Response& res, const ApiDeps& deps) {
  using nlohmann::json;
  json out = json::array();
  for (const config::Receiver& r : deps.router.config()->receivers) {
    out.push_back({{"name", r.name}});
  }
  ReplyJson(res, 200, out.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace overlord::api
