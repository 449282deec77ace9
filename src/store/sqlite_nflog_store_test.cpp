#include "store/sqlite_nflog_store.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::T;
using testing::TempDir;

NflogEntry Entry(const std::string& group, int index, Time ts, Time expires) {
  NflogEntry e;
  e.key = {group, "team-x", "webhook", index};
  e.timestamp = ts;
  e.firing_alerts = {1, 0xffffffffffffffffULL, 0x8000000000000000ULL};
  e.resolved_alerts = {};
  e.expires_at = expires;
  return e;
}

bool Same(const NflogEntry& a, const NflogEntry& b) {
  return a.key == b.key && a.timestamp == b.timestamp && a.firing_alerts == b.firing_alerts &&
         a.resolved_alerts == b.resolved_alerts && a.expires_at == b.expires_at;
}

std::vector<NflogEntry> Sorted(std::vector<NflogEntry> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return v;
}

TEST_CASE("SqliteNotificationLogStore saves and loads across reopen") {
  TempDir dir;
  NflogEntry a = Entry("{}:{alertname=\"A\"}", 0, T(1000), T(5000));
  NflogEntry b = Entry("{}:{alertname=\"A\"}", 1, T(1001), T(5001));
  b.resolved_alerts = {7, 8};
  NflogEntry c = Entry("{}:{alertname=\"B\"}", 0, kZeroTime, T(5002));
  c.firing_alerts.clear();
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteNotificationLogStore store((*storage)->writer());
    REQUIRE(store.SaveStatus(a).ok());
    store.Save(b);
    store.Save(c);
    CHECK(store.failures() == 0);
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteNotificationLogStore store((*storage)->writer());
  std::vector<NflogEntry> loaded = Sorted(store.LoadAll());
  REQUIRE(loaded.size() == 3);
  CHECK(Same(loaded[0], a));
  CHECK(Same(loaded[1], b));
  CHECK(Same(loaded[2], c));
}

TEST_CASE("SqliteNotificationLogStore keeps the newest entry per key") {
  TempDir dir;
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteNotificationLogStore store((*storage)->writer());
  NflogEntry newer = Entry("g", 0, T(2000), T(9000));
  NflogEntry older = Entry("g", 0, T(1000), T(8000));
  older.firing_alerts = {42};
  REQUIRE(store.SaveStatus(newer).ok());
  REQUIRE(store.SaveStatus(older).ok());  // arrives late: ignored
  std::vector<NflogEntry> loaded = store.LoadAll();
  REQUIRE(loaded.size() == 1);
  CHECK(Same(loaded[0], newer));

  NflogEntry newest = Entry("g", 0, T(3000), T(9500));
  newest.resolved_alerts = {5};
  REQUIRE(store.SaveStatus(newest).ok());
  loaded = store.LoadAll();
  REQUIRE(loaded.size() == 1);
  CHECK(Same(loaded[0], newest));
}

TEST_CASE("SqliteNotificationLogStore deletes expired entries") {
  TempDir dir;
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteNotificationLogStore store((*storage)->writer());
  store.Save(Entry("g1", 0, T(1000), T(2000)));
  store.Save(Entry("g2", 0, T(1000), T(3000)));
  store.Save(Entry("g3", 0, T(1000), T(4000)));
  Result<std::size_t> deleted = store.DeleteExpiredStatus(T(3000));  // expires_at <= now
  REQUIRE(deleted.ok());
  CHECK(*deleted == 2);
  std::vector<NflogEntry> loaded = store.LoadAll();
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].key.group_key == "g3");
  store.DeleteExpired(T(10000));
  CHECK(store.LoadAll().empty());
}

TEST_CASE("SqliteNotificationLogStore skips malformed hash sets") {
  TempDir dir;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteNotificationLogStore store((*storage)->writer());
    store.Save(Entry("good", 0, T(1000), T(2000)));
  }
  {
    auto db = Database::Open(dir.File(Storage::kFileName), {});
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("INSERT INTO nflog VALUES('bad', 'r', 'webhook', 0, 1, x'010203', "
                        "x'', 2)")
                .ok());
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteNotificationLogStore store((*storage)->writer());
  std::vector<NflogEntry> loaded = store.LoadAll();
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].key.group_key == "good");
  CHECK(store.failures() == 1);
}

TEST_CASE("NotificationLog over SQLite survives a restart") {
  TempDir dir;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    SqliteNotificationLogStore store((*storage)->writer());
    NotificationLog log(&store);
    log.Log(Entry("g1", 0, T(1000), T(2000)));
    log.Log(Entry("g2", 0, T(1000), T(5000)));
    CHECK(log.GarbageCollect(T(2000)) == 1);
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  SqliteNotificationLogStore store((*storage)->writer());
  NotificationLog log(&store);
  CHECK(log.size() == 1);
  auto e = log.Query({"g2", "team-x", "webhook", 0});
  REQUIRE(e.has_value());
  CHECK(e->timestamp == T(1000));
}

}  // namespace
}  // namespace overlord
