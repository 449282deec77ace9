#include "store/database.h"

#include <doctest/doctest.h>

#include <fstream>

#include "store/test_util.h"

namespace overlord {
namespace {

using testing::TempDir;

TEST_CASE("Database opens in WAL mode with the requested durability") {
  TempDir dir;
  SUBCASE("full") {
    auto db = Database::Open(dir.File("a.db"), {});
    REQUIRE(db.ok());
    Result<Statement> mode = (*db)->Prepare("PRAGMA journal_mode");
    REQUIRE(mode.ok());
    REQUIRE(*mode->Step());
    CHECK(mode->ColumnText(0) == "wal");
    CHECK(*(*db)->QueryInt("PRAGMA synchronous") == 2);
  }
  SUBCASE("normal") {
    DatabaseOptions options;
    options.durability = Durability::kNormal;
    auto db = Database::Open(dir.File("b.db"), options);
    REQUIRE(db.ok());
    CHECK(*(*db)->QueryInt("PRAGMA synchronous") == 1);
  }
}

TEST_CASE("Database reports errors as values") {
  TempDir dir;
  SUBCASE("not a database") {
    std::ofstream(dir.File("junk.db")) << std::string(4096, 'x');
    auto db = Database::Open(dir.File("junk.db"), {});
    REQUIRE(!db.ok());
    CHECK(db.error().find("junk.db") != std::string::npos);
  }
  SUBCASE("missing directory") {
    CHECK(!Database::Open(dir.File("no/such/dir/x.db"), {}).ok());
  }
  SUBCASE("bad SQL") {
    auto db = Database::Open(dir.File("c.db"), {});
    REQUIRE(db.ok());
    Status s = (*db)->Exec("CREATE TABLEX t(x)");
    CHECK(!s.ok());
    CHECK(s.error().find("syntax error") != std::string::npos);
    CHECK(!(*db)->Prepare("SELECT * FROM missing").ok());
    CHECK(!(*db)->Cached("SELECT * FROM missing").ok());
  }
}

TEST_CASE("Statement binds, steps and is reusable") {
  TempDir dir;
  auto db = Database::Open(dir.File("s.db"), {});
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB)").ok());

  Result<Statement*> insert = (*db)->Cached("INSERT INTO t VALUES(?1, ?2, ?3)");
  REQUIRE(insert.ok());
  std::string blob("a\0b", 3);
  REQUIRE((*insert)->BindInt(1, INT64_MIN).BindText(2, "héllo").BindBlob(3, blob).Run().ok());
  CHECK((*db)->Changes() == 1);
  REQUIRE((*insert)->BindInt(1, 7).BindNull(2).BindBlob(3, "").Run().ok());

  // The cache hands back the same prepared statement.
  Result<Statement*> again = (*db)->Cached("INSERT INTO t VALUES(?1, ?2, ?3)");
  REQUIRE(again.ok());
  CHECK(*again == *insert);

  Result<Statement> select = (*db)->Prepare("SELECT i, s, b FROM t ORDER BY i");
  REQUIRE(select.ok());
  REQUIRE(*select->Step());
  CHECK(select->ColumnInt(0) == INT64_MIN);
  CHECK(select->ColumnText(1) == "héllo");
  CHECK(select->ColumnBlob(2) == blob);
  REQUIRE(*select->Step());
  CHECK(select->ColumnInt(0) == 7);
  CHECK(select->ColumnIsNull(1));
  CHECK(!select->ColumnIsNull(2));  // an empty blob is not NULL
  CHECK(select->ColumnBlob(2).empty());
  CHECK(!*select->Step());
  // Done resets: stepping again starts over.
  REQUIRE(*select->Step());
  CHECK(select->ColumnInt(0) == INT64_MIN);
}

TEST_CASE("Statement reports a bad bind at Step") {
  TempDir dir;
  auto db = Database::Open(dir.File("s.db"), {});
  REQUIRE(db.ok());
  Result<Statement> st = (*db)->Prepare("SELECT ?1");
  REQUIRE(st.ok());
  Status s = st->BindInt(5, 1).Run();
  CHECK(!s.ok());
  CHECK(s.error().find("parameter 5") != std::string::npos);
  // The error is consumed; a good bind works afterwards.
  CHECK(st->BindInt(1, 1).Run().ok());
}

TEST_CASE("Database tracks transactions") {
  TempDir dir;
  auto db = Database::Open(dir.File("t.db"), {});
  REQUIRE(db.ok());
  CHECK(!(*db)->InTransaction());
  REQUIRE((*db)->Exec("BEGIN").ok());
  CHECK((*db)->InTransaction());
  REQUIRE((*db)->Exec("COMMIT").ok());
  CHECK(!(*db)->InTransaction());
}

}  // namespace
}  // namespace overlord
