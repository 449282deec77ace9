#include "server/flags.h"

#include <doctest/doctest.h>

namespace overlord {

TEST_CASE("both --flag value and --flag=value forms") {
  auto f = ParseServerFlags({"--config.file", "a.yml", "--storage.path=/tmp/x",
                             "--data.retention=24h", "--web.listen-address", "127.0.0.1:0",
                             "--cluster.listen-address=", "--cluster.peer", "p1:9094",
                             "--cluster.peer=p2:9094", "--web.systemd-socket"});
  REQUIRE(f.ok());
  CHECK(f->config_file == "a.yml");
  CHECK(f->storage_path == "/tmp/x");
  CHECK(f->data_retention == std::chrono::hours(24));
  CHECK(f->listen_address == "127.0.0.1:0");
  CHECK(f->cluster_listen_address == "");
  CHECK(f->cluster_peers == std::vector<std::string>{"p1:9094", "p2:9094"});
  CHECK(f->ignored.size() == 4);
}

TEST_CASE("flag errors say which flag and what was expected") {
  CHECK(ParseServerFlags({"--nope"}).error() == "unknown flag --nope (see --help)");
  CHECK(ParseServerFlags({"--config.file"}).error() == "flag --config.file needs a value");
  CHECK(ParseServerFlags({"--data.retention=5x"}).error().find("--data.retention") !=
        std::string::npos);
  CHECK(ParseServerFlags({"--enable-feature=bogus"}).error() ==
        "unknown option for --enable-feature: bogus");
  CHECK(ParseServerFlags({"stray"}).error().find("unexpected argument") != std::string::npos);
}

TEST_CASE("features merge from comma lists") {
  auto f = ParseServerFlags({"--enable-feature=classic-mode,receiver-name-in-metrics"});
  REQUIRE(f.ok());
  CHECK(f->features.size() == 2);
}

}  // namespace overlord
