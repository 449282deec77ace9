#include "store/commit_writer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "store/test_util.h"

namespace overlord {
namespace {

using testing::TempDir;

std::unique_ptr<Database> OpenWithTable(const std::string& path) {
  auto db = Database::Open(path, {});
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE IF NOT EXISTS t(k INTEGER PRIMARY KEY, v TEXT)").ok());
  return std::move(*db);
}

Status Insert(Database& db, std::int64_t k, std::string_view v) {
  Result<Statement*> st = db.Cached("INSERT INTO t(k, v) VALUES(?1, ?2)");
  if (!st.ok()) return Error{st.error()};
  return (*st)->BindInt(1, k).BindText(2, v).Run();
}

std::int64_t Count(const std::string& path) {
  auto db = Database::Open(path, {});
  REQUIRE(db.ok());
  return *(*db)->QueryInt("SELECT count(*) FROM t");
}

TEST_CASE("CommitWriter commits a write before Write returns") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  REQUIRE(writer.Write([](Database& db) { return Insert(db, 1, "one"); }).ok());
  // Visible to a fresh connection: committed, not merely queued.
  CHECK(Count(path) == 1);
  CHECK(writer.stats().transactions == 1);
  CHECK(writer.stats().mutations == 1);
}

TEST_CASE("CommitWriter runs mutations in enqueue order") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  std::vector<CommitWriter::Ticket> tickets;
  for (int i = 0; i < 50; ++i) {
    tickets.push_back(writer.Enqueue([i](Database& db) -> Status {
      Result<Statement*> st = db.Cached("INSERT OR REPLACE INTO t(k, v) VALUES(1, ?1)");
      if (!st.ok()) return Error{st.error()};
      return (*st)->BindText(1, std::to_string(i)).Run();
    }));
  }
  for (auto t : tickets) REQUIRE(writer.Wait(t).ok());
  std::string last;
  REQUIRE(writer.Write([&](Database& db) -> Status {
    Result<Statement> st = db.Prepare("SELECT v FROM t WHERE k = 1");
    if (!st.ok()) return Error{st.error()};
    if (!*st->Step()) return Error{"missing"};
    last = std::string(st->ColumnText(0));
    return Status::Ok();
  }).ok());
  CHECK(last == "49");
}

TEST_CASE("CommitWriter reports a failure only to its own caller") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  // Queue several while the writer is busy so they share a transaction.
  auto slow = writer.Enqueue([](Database& db) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return Insert(db, 100, "slow");
  });
  auto good1 = writer.Enqueue([](Database& db) { return Insert(db, 1, "a"); });
  auto bad = writer.Enqueue([](Database& db) -> Status {
    if (Status s = Insert(db, 2, "half-done"); !s.ok()) return s;
    return Error{"injected failure"};
  });
  auto dup = writer.Enqueue([](Database& db) { return Insert(db, 1, "duplicate key"); });
  auto good2 = writer.Enqueue([](Database& db) { return Insert(db, 3, "c"); });

  CHECK(writer.Wait(slow).ok());
  CHECK(writer.Wait(good1).ok());
  Status b = writer.Wait(bad);
  CHECK(b.error() == "injected failure");
  Status d = writer.Wait(dup);
  CHECK(!d.ok());
  CHECK(d.error().find("UNIQUE") != std::string::npos);
  CHECK(writer.Wait(good2).ok());
  CHECK(writer.stats().failures == 2);

  auto db = Database::Open(path, {});
  REQUIRE(db.ok());
  CHECK(*(*db)->QueryInt("SELECT count(*) FROM t") == 3);
  // The failed mutation's first insert was rolled back with it.
  CHECK(*(*db)->QueryInt("SELECT count(*) FROM t WHERE k = 2") == 0);
}

TEST_CASE("CommitWriter groups concurrent writers into fewer transactions") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  constexpr int kThreads = 8, kPerThread = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        int k = t * kPerThread + i;
        if (!writer.Write([k](Database& db) { return Insert(db, k, "v"); }).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(Count(path) == kThreads * kPerThread);
  CommitWriter::Stats stats = writer.stats();
  CHECK(stats.mutations == kThreads * kPerThread);
  CHECK(stats.transactions < stats.mutations);
  MESSAGE("transactions: " << stats.transactions << " for " << stats.mutations << " writes");
}

TEST_CASE("CommitWriter drains its queue on destruction") {
  TempDir dir;
  std::string path = dir.File("w.db");
  {
    CommitWriter writer(OpenWithTable(path));
    // Never waited for: destruction must still run them.
    for (int i = 0; i < 20; ++i) {
      (void)writer.Enqueue([i](Database& db) { return Insert(db, i, "x"); });
    }
  }
  CHECK(Count(path) == 20);
}

}  // namespace
}  // namespace overlord
