// Every real-world config in the shared corpus gets the verdict the real Alertmanager gives
// (SOURCES.md), except the three post-0.25 configs that newer versions accept.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "config/loader.h"

namespace overlord::config {
namespace {

const std::string kCorpus = std::string(OVERLORD_SHARED_DIR) + "/testdata/alertmanager-configs";

// File number -> text the rejection message must contain.
const std::map<std::string, std::string> kRejects = {
    {"036", "unsupported scheme \"\" for URL"},
    {"037", "unsupported scheme \"\" for URL"},
    {"038", "unsupported scheme \"\" for URL"},
    {"039", "into int64"},
    {"040", "notification config name \"telegram-warning\" is not unique"},
    {"041", "missing host for URL"},
    {"042", "missing port in address"},
    {"052", "unsupported scheme \"\" for URL"},
};

TEST_CASE("corpus: every config gets Alertmanager's verdict") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".yml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 55);
  int accepted = 0;
  for (const auto& path : files) {
    std::string number = path.filename().string().substr(0, 3);
    Result<Config> cfg = LoadConfigFile(path.string());
    auto reject = kRejects.find(number);
    CAPTURE(path.filename().string());
    if (reject == kRejects.end()) {
      CHECK_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
      if (cfg.ok()) ++accepted;
    } else {
      REQUIRE_FALSE(cfg.ok());
      CHECK_MESSAGE(cfg.error().find(reject->second) != std::string::npos, cfg.error());
      // Every error names the file and a line.
      CHECK(cfg.error().find(path.filename().string() + ":") != std::string::npos);
    }
  }
  CHECK(accepted == 47);  // 44 accepted by 0.25 + 025, 053, 055 (post-0.25 features)
}

TEST_CASE("corpus: error positions point at the offending value") {
  Result<Config> cfg = LoadConfigFile(kCorpus + "/041-izobretatel9-monitoring.yml");
  REQUIRE_FALSE(cfg.ok());
  CHECK(cfg.error().find(":69:") != std::string::npos);
  CHECK(cfg.error().find("receivers[0].slack_configs[0].api_url: missing host for URL") !=
        std::string::npos);

  cfg = LoadConfigFile(kCorpus + "/039-docflow-observability.yml");
  REQUIRE_FALSE(cfg.ok());
  CHECK(cfg.error().find(":34:") != std::string::npos);
  CHECK(cfg.error().find("chat_id") != std::string::npos);
}

TEST_CASE("corpus: unsupported integrations become warnings") {
  Result<Config> cfg = LoadConfigFile(kCorpus + "/055-grafana-kitchensink.yml");
  REQUIRE(cfg.ok());
  bool found = false;
  for (const auto& w : cfg->warnings) {
    if (w.find("msteams_configs[0] is not supported by Overlord yet") != std::string::npos) found = true;
  }
  CHECK(found);
  const Receiver* r = nullptr;
  for (const auto& rc : cfg->receivers) {
    for (const auto& u : rc.unsupported) {
      if (u.type == "msteams") r = &rc;
    }
  }
  REQUIRE(r != nullptr);
}

}  // namespace
}  // namespace overlord::config
