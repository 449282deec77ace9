#include "store/sqlite_silence_store.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "silence/silences.h"
#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::T;
using testing::TempDir;

Matchers M(std::vector<MatcherSpec> specs) {
  Result<Matchers> ms = CompileSilenceMatchers(specs);
  REQUIRE(ms.ok());
  return *ms;
}

Silence Sample(std::string id) {
  Silence s;
  s.id = std::move(id);
  s.matchers = M({{"alertname", "Disk", false, true},
                  {"instance", "db-.*", true, true},
                  {"dc", "", false, false},
                  {"team", "a|b", true, false}});
  s.starts_at = T(1000) + std::chrono::nanoseconds(123456789);
  s.ends_at = T(2000);
  s.updated_at = T(1000);
  s.created_by = "alice";
  s.comment = "disk swap \xe2\x9c\x93";
  s.annotations.Set("ticket", "OPS-1");
  s.annotations.Set("empty", "");
  return s;
}

std::map<std::string, Silence> ById(std::vector<Silence> v) {
  std::map<std::string, Silence> out;
  for (auto& s : v) out.emplace(s.id, std::move(s));
  return out;
}

TEST_CASE("SqliteSilenceStore saves, replaces, deletes and loads across reopen") {
  TempDir dir;
  Silence a = Sample("a");
  Silence b = Sample("b");
  b.matchers = M({{"x", "y", false, true}});
  b.annotations = LabelSet{};
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteSilenceStore store((*storage)->writer());
    REQUIRE(store.Save({a, b}).ok());
    a.ends_at = T(1500);  // replaced by id
    REQUIRE(store.Save({a}).ok());
    REQUIRE(store.Save({}).ok());
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteSilenceStore store((*storage)->writer());
  Result<std::vector<Silence>> loaded = store.LoadAll();
  REQUIRE(loaded.ok());
  auto got = ById(*loaded);
  REQUIRE(got.size() == 2);
  CHECK(got.at("a") == a);
  CHECK(got.at("b") == b);

  REQUIRE(store.Delete({"a", "unknown"}).ok());
  got = ById(*store.LoadAll());
  CHECK(got.size() == 1);
  CHECK(got.count("b") == 1);
}

TEST_CASE("SqliteSilenceStore skips rows it cannot decode") {
  TempDir dir;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteSilenceStore store((*storage)->writer());
    REQUIRE(store.Save({Sample("good")}).ok());
  }
  {
    auto db = Database::Open(dir.File(Storage::kFileName), {});
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("INSERT INTO silences VALUES('bad', x'0701', 1, 2, 3, '', '', x'')").ok());
    // A regex that does not compile.
    REQUIRE((*db)->Exec("INSERT INTO silences VALUES('re', x'0101000000610100000028', 1, 2, 3, '', "
                        "'', x'')")
                .ok());
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteSilenceStore store((*storage)->writer());
  Result<std::vector<Silence>> loaded = store.LoadAll();
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == 1);
  CHECK((*loaded)[0].id == "good");
  CHECK(store.skipped() == 2);
}

TEST_CASE("Silences over SQLite survive a restart and keep muting") {
  TempDir dir;
  std::string kept, replaced, replacement;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteSilenceStore store((*storage)->writer());
    Silences silences({}, &store);
    REQUIRE(silences.Load().ok());
    Silence s;
    s.matchers = M({{"alertname", "Disk", false, true}});
    s.starts_at = T(1000);
    s.ends_at = T(5000);
    kept = *silences.Set(s, T(1000));
    replaced = *silences.Set(s, T(1000));
    s.id = replaced;
    s.starts_at = T(1100);
    replacement = *silences.Set(s, T(1200));
    REQUIRE(replacement != replaced);
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteSilenceStore store((*storage)->writer());
  Silences silences({}, &store);
  REQUIRE(silences.Load().ok());
  CHECK(silences.size() == 3);
  CHECK(silences.Get(replaced)->ends_at == T(1200));
  std::vector<std::string> muted = silences.MutedBy(LabelSet{{"alertname", "Disk"}}, T(1300));
  std::sort(muted.begin(), muted.end());
  std::vector<std::string> expected{kept, replacement};
  std::sort(expected.begin(), expected.end());
  CHECK(muted == expected);
  // GC deletes from disk too.
  REQUIRE(*silences.GarbageCollect(T(1200) + std::chrono::hours(1), std::chrono::hours(1)) == 1);
  CHECK(store.LoadAll()->size() == 2);
}

// Kill -9 while silences are being created: every id the child acknowledged must load.
TEST_CASE("Every acknowledged silence survives kill -9") {
  std::mt19937 rng(std::random_device{}());
  for (int round = 0; round < 2; ++round) {
    TempDir dir;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      auto storage = Storage::Open(dir.path(), {});
      if (!storage.ok()) _exit(2);
      SqliteSilenceStore store((*storage)->writer());
      Silences silences({}, &store);
      if (!silences.Load().ok()) _exit(3);
      for (int i = 0;; ++i) {
        Silence s;
        s.matchers = M({{"n", std::to_string(i), false, true}});
        s.starts_at = T(1000);
        s.ends_at = T(5000);
        Result<std::string> id = silences.Set(s, T(1000));
        if (!id.ok()) _exit(4);
        char buf[37];
        std::memcpy(buf, id->data(), 36);
        buf[36] = '\n';
        if (write(fds[1], buf, sizeof buf) != sizeof buf) _exit(5);
      }
    }
    close(fds[1]);
    int target = std::uniform_int_distribution<int>(5, 60)(rng);
    std::vector<std::string> acked;
    char buf[37];
    while (static_cast<int>(acked.size()) < target && read(fds[0], buf, sizeof buf) == sizeof buf) {
      acked.emplace_back(buf, 36);
    }
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    while (read(fds[0], buf, sizeof buf) == sizeof buf) acked.emplace_back(buf, 36);
    close(fds[0]);
    REQUIRE(static_cast<int>(acked.size()) >= target);

    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteSilenceStore store((*storage)->writer());
    Silences silences({}, &store);
    REQUIRE(silences.Load().ok());
    for (std::size_t i = 0; i < acked.size(); ++i) {
      std::optional<Silence> s = silences.Get(acked[i]);
      REQUIRE_MESSAGE(s.has_value(), "silence " << i << " lost");
      CHECK(s->matchers[0].value() == std::to_string(i));
    }
    CHECK(silences.size() >= acked.size());
    CHECK(silences.size() <= acked.size() + 1);  // at most one written but not acknowledged
    MESSAGE("round " << round << ": " << acked.size() << " acknowledged silences verified");
  }
}

TEST_CASE("Concurrent silence creations share commits and all survive a reopen") {
  TempDir dir;
  std::vector<std::string> ids;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteSilenceStore store((*storage)->writer());
    Silences silences({}, &store);
    REQUIRE(silences.Load().ok());
    std::mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          Silence s = Sample("");
          s.comment = "thread " + std::to_string(t) + " #" + std::to_string(i);
          Result<std::string> id = silences.Set(s, T(1000));
          std::lock_guard lock(mu);
          REQUIRE(id.ok());
          ids.push_back(*id);
        }
      });
    }
    for (std::thread& th : threads) th.join();
    CHECK(silences.size() == 100);
    CHECK((*storage)->writer().stats().mutations >= 101);  // load + one save each
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteSilenceStore store((*storage)->writer());
  Result<std::vector<Silence>> loaded = store.LoadAll();
  REQUIRE(loaded.ok());
  std::map<std::string, Silence> by_id = ById(*loaded);
  CHECK(by_id.size() == 100);
  for (const std::string& id : ids) CHECK(by_id.count(id) == 1);
}

TEST_CASE("SqliteSilenceStore: a save that needs earlier writes fails when one of them failed") {
  TempDir dir;
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  CommitWriter& writer = (*storage)->writer();
  SqliteSilenceStore store(writer);
  // Hold the writer busy so the failing write and both saves queue up behind it.
  std::mutex gate;
  std::unique_lock hold(gate);
  CommitWriter::Ticket blocker = writer.Enqueue([&](Database&) -> Status {
    std::lock_guard wait(gate);
    return Status::Ok();
  });
  const std::uint64_t before = store.failure_count();
  CommitWriter::Ticket failing =
      writer.Enqueue([](Database&) -> Status { return Error{"injected failure"}; });
  SilenceStore::PendingSave dependent = store.StartSave({Sample("dep")}, before);
  SilenceStore::PendingSave independent = store.StartSave({Sample("ind")}, std::nullopt);
  hold.unlock();
  CHECK(writer.Wait(blocker).ok());
  CHECK(!writer.Wait(failing).ok());
  Status d = dependent();
  CHECK(!d.ok());
  CHECK(independent().ok());
  Result<std::vector<Silence>> loaded = store.LoadAll();
  REQUIRE(loaded.ok());
  std::map<std::string, Silence> by_id = ById(*loaded);
  CHECK(by_id.count("dep") == 0);
  CHECK(by_id.count("ind") == 1);
}

// The write it builds on may fail, and be counted, before the dependent save is started:
// the baseline from before that write still makes the dependent one fail.
TEST_CASE("SqliteSilenceStore: a dependent save fails after its base failed, even if started later") {
  TempDir dir;
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  CommitWriter& writer = (*storage)->writer();
  SqliteSilenceStore store(writer);
  const std::uint64_t before = store.failure_count();
  CHECK(!writer.Write([](Database&) -> Status { return Error{"injected failure"}; }).ok());
  CHECK(store.failure_count() == before + 1);
  CHECK(!store.StartSave({Sample("dep")}, before)().ok());
  CHECK(store.StartSave({Sample("fresh")}, store.failure_count())().ok());
  Result<std::vector<Silence>> loaded = store.LoadAll();
  REQUIRE(loaded.ok());
  std::map<std::string, Silence> by_id = ById(*loaded);
  CHECK(by_id.count("dep") == 0);
  CHECK(by_id.count("fresh") == 1);
}

}  // namespace
}  // namespace overlord
