#include "store/commit_writer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

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
      const auto starter =
          i % 2 == 0 ? CommitWriter::Starter::kThread : CommitWriter::Starter::kWaiter;
      (void)writer.Enqueue([i](Database& db) { return Insert(db, i, "x"); }, starter);
    }
  }
  CHECK(Count(path) == 20);
}

// A mutation that records the thread it ran on.
CommitWriter::Mutation RecordThread(std::thread::id* ran_on, int k) {
  return [ran_on, k](Database& db) {
    *ran_on = std::this_thread::get_id();
    return Insert(db, k, "v");
  };
}

TEST_CASE("CommitWriter: a lone waiter commits on its own thread; kThread, on the writer's") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  std::thread::id first, second, third;
  REQUIRE(writer.Write(RecordThread(&first, 1)).ok());
  CHECK(first == std::this_thread::get_id());
  REQUIRE(writer.Wait(writer.Enqueue(RecordThread(&second, 2))).ok());
  CHECK(second != std::this_thread::get_id());
  REQUIRE(writer.Write(RecordThread(&third, 3)).ok());
  CHECK(third == std::this_thread::get_id());
  CHECK(Count(path) == 3);
  CHECK(writer.stats().transactions == 3);
}

TEST_CASE("CommitWriter runs a kThread mutation with nobody waiting for it") {
  // As AlertStore::Load does: the caller reads what the mutation streams before it waits.
  TempDir dir;
  CommitWriter writer(OpenWithTable(dir.File("w.db")));
  std::promise<void> ran;
  std::future<void> ran_future = ran.get_future();
  CommitWriter::Ticket t = writer.Enqueue([&ran](Database& db) {
    ran.set_value();
    return Insert(db, 1, "v");
  });
  CHECK(ran_future.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  CHECK(writer.Wait(t).ok());
}

TEST_CASE("CommitWriter: waiters queued behind a commit go to the writer thread, in order") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  std::thread::id blocker_thread, behind_a, behind_b, after_batch, alone;
  std::vector<int> order;
  CommitWriter::Ticket blocker = writer.Enqueue([&](Database& db) {
    blocker_thread = std::this_thread::get_id();
    started.set_value();
    released.wait();
    order.push_back(0);
    return Insert(db, 0, "v");
  });
  started.get_future().wait();
  // Queued while a commit runs: whoever waits, the thread commits them, after the blocker.
  auto behind = [&](std::thread::id* ran_on, int k) {
    return writer.Enqueue(
        [&order, ran_on, k](Database& db) {
          *ran_on = std::this_thread::get_id();
          order.push_back(k);
          return Insert(db, k, "v");
        },
        CommitWriter::Starter::kWaiter);
  };
  CommitWriter::Ticket a = behind(&behind_a, 1);
  CommitWriter::Ticket b = behind(&behind_b, 2);
  release.set_value();
  CHECK(writer.Wait(b).ok());
  CHECK(writer.Wait(a).ok());
  CHECK(writer.Wait(blocker).ok());
  CHECK(order == std::vector<int>{0, 1, 2});
  CHECK(behind_a == blocker_thread);
  CHECK(behind_b == blocker_thread);
  // The last commit held two: the next lone write still goes to the thread, which commits
  // it alone; the one after that commits here.
  REQUIRE(writer.Write(RecordThread(&after_batch, 3)).ok());
  CHECK(after_batch == blocker_thread);
  REQUIRE(writer.Write(RecordThread(&alone, 4)).ok());
  CHECK(alone == std::this_thread::get_id());
  CHECK(Count(path) == 5);
  CHECK(writer.stats().transactions == 4);
}

TEST_CASE("CommitWriter wakes a waiting caller only when its own commit has ended") {
  TempDir dir;
  std::string path = dir.File("w.db");
  CommitWriter writer(OpenWithTable(path));
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  CommitWriter::Ticket blocker = writer.Enqueue([&](Database& db) {
    started.set_value();
    released.wait();
    return Insert(db, 0, "v");
  });
  started.get_future().wait();
  // One caller waits for the running commit; kQueued callers queue behind it and sleep.
  constexpr int kQueued = 6;
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  callers.emplace_back([&] { ok += writer.Wait(blocker).ok(); });
  for (int k = 1; k <= kQueued; ++k) {
    callers.emplace_back(
        [&, k] { ok += writer.Write([k](Database& db) { return Insert(db, k, "v"); }).ok(); });
  }
  for (int i = 0; i < 1000 && writer.stats().sleeping < kQueued + 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(writer.stats().sleeping == kQueued + 1);
  release.set_value();
  for (std::thread& t : callers) t.join();
  CHECK(ok == kQueued + 1);
  CHECK(Count(path) == kQueued + 1);
  CommitWriter::Stats stats = writer.stats();
  CHECK(stats.transactions == 2);  // the blocker, then everything queued behind it
  // Each caller was woken once, by the commit that held its mutation. Waking all callers at
  // every commit would make it 1 + 2 * kQueued.
  CHECK(stats.wakeups == kQueued + 1);
  CHECK(stats.sleeping == 0);
}

}  // namespace
}  // namespace overlord
