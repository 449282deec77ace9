#include "store/schema.h"

#include <doctest/doctest.h>

#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::TempDir;

TEST_CASE("MigrateSchema creates the tables and records the version") {
  TempDir dir;
  auto db = Database::Open(dir.File("x.db"), {});
  REQUIRE(db.ok());
  CHECK(*(*db)->QueryInt("PRAGMA user_version") == 0);
  REQUIRE(MigrateSchema(**db).ok());
  CHECK(LatestSchemaVersion() >= 1);
  CHECK(*(*db)->QueryInt("PRAGMA user_version") == LatestSchemaVersion());
  CHECK(*(*db)->QueryInt("SELECT count(*) FROM alert_log") == 0);
  CHECK(*(*db)->QueryInt("SELECT count(*) FROM nflog") == 0);
  // Idempotent: a second run at the latest version changes nothing.
  REQUIRE((*db)->Exec("INSERT INTO alert_log(seq, fingerprint, data) VALUES(1, 1, x'00')").ok());
  REQUIRE(MigrateSchema(**db).ok());
  CHECK(*(*db)->QueryInt("SELECT count(*) FROM alert_log") == 1);
}

TEST_CASE("A database from a newer Overlord is refused") {
  TempDir dir;
  {
    auto db = Database::Open(dir.File(Storage::kFileName), {});
    REQUIRE(db.ok());
    REQUIRE(MigrateSchema(**db).ok());
    REQUIRE((*db)->Exec("PRAGMA user_version=" + std::to_string(LatestSchemaVersion() + 1)).ok());
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(!storage.ok());
  CHECK(storage.error().find("newer than this binary supports") != std::string::npos);
}

TEST_CASE("A failed migration leaves the version unchanged") {
  TempDir dir;
  auto db = Database::Open(dir.File("x.db"), {});
  REQUIRE(db.ok());
  // A table in the way makes migration 1 fail halfway.
  REQUIRE((*db)->Exec("CREATE TABLE nflog(x)").ok());
  Status s = MigrateSchema(**db);
  CHECK(!s.ok());
  CHECK(s.error().find("version 1") != std::string::npos);
  CHECK(*(*db)->QueryInt("PRAGMA user_version") == 0);
  CHECK(!(*db)->InTransaction());
  // The part that had succeeded was rolled back too.
  CHECK(!(*db)->Prepare("SELECT * FROM alert_log").ok());
}

TEST_CASE("Storage creates its directory and overlord.db") {
  TempDir dir;
  std::string nested = dir.File("a/b");
  auto storage = Storage::Open(nested, {});
  REQUIRE(storage.ok());
  CHECK((*storage)->path() == nested + "/overlord.db");
  CHECK(std::filesystem::exists(nested + "/overlord.db"));
}

}  // namespace
}  // namespace overlord
