// Compares `overlord` with the real amtool (Debian's prometheus-alertmanager 0.25) on the
// compatibility corpus: same verdict from check-config, same routing tree, same routing
// decisions. amtool is the oracle; a difference is a bug in Overlord.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fixtures.h"

namespace {

using overlord::it::CommandResult;

// The oracle comparisons look at standard output only.
CommandResult Capture(const std::string& command) {
  return overlord::it::RunCommand(command + " 2>/dev/null");
}

bool HaveAmtool() { return std::filesystem::exists("/usr/bin/amtool"); }

std::vector<std::filesystem::path> CorpusConfigs() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(OVERLORD_SHARED_DIR
                                                           "/testdata/alertmanager-configs")) {
    if (e.path().extension() == ".yml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Configs that need features newer than 0.25 (SOURCES.md): amtool rejects them, we accept.
bool PostV025(const std::string& name) {
  return name.rfind("025-", 0) == 0 || name.rfind("053-", 0) == 0 || name.rfind("055-", 0) == 0;
}

}  // namespace

TEST_CASE("check-config verdicts and routing trees match amtool on the corpus") {
  if (!HaveAmtool()) {
    MESSAGE("amtool not installed (scripts/test.sh installs it); skipping oracle comparison");
    return;
  }
  std::vector<std::filesystem::path> configs = CorpusConfigs();
  REQUIRE(configs.size() == 55);
  int compared_trees = 0;
  for (const auto& path : configs) {
    std::string name = path.filename().string();
    CAPTURE(name);
    // Run from the corpus folder, as SOURCES.md's verdicts were taken (relative globs).
    std::string cd = "cd " + path.parent_path().string() + " && ";
    CommandResult ours = Capture(cd + OVERLORD_BINARY " check-config " + name);
    CommandResult theirs = Capture(cd + "amtool check-config " + name);
    if (PostV025(name)) {
      CHECK(ours.status == 0);
      CHECK(theirs.status != 0);
      continue;
    }
    CHECK((ours.status == 0) == (theirs.status == 0));
    if (theirs.status != 0) continue;

    CommandResult our_tree = Capture(OVERLORD_BINARY " config routes show --config.file=" + path.string());
    CommandResult their_tree = Capture("amtool config routes show --config.file=" + path.string());
    CHECK(our_tree.out == their_tree.out);
    ++compared_trees;
  }
  CHECK(compared_trees == 44);
}

TEST_CASE("routing decisions match amtool config routes test") {
  if (!HaveAmtool()) return;
  const std::string dir = OVERLORD_SHARED_DIR "/testdata/alertmanager-configs/";
  struct Case {
    const char* config;
    const char* labels;
  };
  const Case cases[] = {
      {"026-scylla-monitoring.yml", "service=foo1 severity=critical"},
      {"026-scylla-monitoring.yml", "service=files"},
      {"026-scylla-monitoring.yml", "service=database severity=warning"},
      {"027-netapp-harvest.yml", "severity=critical"},
      {"027-netapp-harvest.yml", "alertname=X"},
      {"024-karma-demo.yml", "alertname=Foo cluster=prod"},
      {"048-eivanpay-monitoring.yml", "severity=critical service=api"},
      {"054-prometheus-meta-operator.yml", "team=atlas severity=page"},
      {"054-prometheus-meta-operator.yml", "alertname=Heartbeat"},
      {"033-flophero-observability.yml", "severity=critical"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.config);
    CAPTURE(c.labels);
    for (const char* tree : {"", " --tree"}) {
      std::string args = std::string(" config routes test --config.file=") + dir + c.config + tree +
                         " " + c.labels;
      CommandResult ours = Capture(std::string(OVERLORD_BINARY) + args);
      CommandResult theirs = Capture("amtool" + args);
      CHECK(ours.out == theirs.out);
      CHECK(ours.status == theirs.status);
    }
  }
}
