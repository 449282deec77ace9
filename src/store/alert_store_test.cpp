#include "store/alert_store.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>

#include "store/alert_codec.h"
#include "store/alert_store_fixture.h"
#include "store/storage.h"
#include "store/test_util.h"

// In the fixture's namespace, so its helpers need no using-declarations.
namespace overlord::testing {
namespace {

TEST_CASE("AlertStore put and get") {
  TempDir dir;
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 0);
  Alert a = MakeAlert("A", 1, T(1000));
  auto stored = f.alerts->Put({a}, T(1000));
  REQUIRE(stored.ok());
  REQUIRE(stored->size() == 1);
  CHECK((*stored)[0] == a);
  CHECK(f.alerts->size() == 1);
  CHECK(f.alerts->Get(a.fingerprint()) == a);
  CHECK(!f.alerts->Get(a.fingerprint() + 1).has_value());
  CHECK(f.alerts->Put({}, T(1000))->empty());
}

TEST_CASE("AlertStore::WithAll holds off Puts until its snapshot has been used") {
  TempDir dir;
  Fixture f(dir.path());
  REQUIRE(f.alerts->Put({MakeAlert("A", 1, T(1000))}, T(1000)).ok());
  std::future<void> racing;
  std::atomic<bool> merged{false};
  f.alerts->WithAll([&](const std::vector<Alert>& all) {
    REQUIRE(all.size() == 1);
    CHECK(all[0].labels.Get("alertname") == "A");
    // A Put started now cannot merge (and so cannot reach a dispatcher) before we return.
    racing = std::async(std::launch::async, [&] {
      REQUIRE(f.alerts->Put({MakeAlert("B", 1, T(1000))}, T(1000),
                            [&](const std::vector<Alert>&) { merged = true; })
                  .ok());
    });
    CHECK(racing.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
    CHECK(!merged);
  });
  racing.get();
  CHECK(merged);
  CHECK(f.alerts->size() == 2);
}

TEST_CASE("AlertStore merges with the stored alert of the same fingerprint") {
  TempDir dir;
  Fixture f(dir.path());
  // Stored: firing since 1000, ends 2000.
  Alert first = MakeAlert("A", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({first}, T(1000)).ok());

  SUBCASE("overlapping re-send keeps the earliest start") {
    Alert again = MakeAlert("A", 1, T(1500), T(2500));
    again.updated_at = T(1500);
    again.annotations = {{"summary", "newer text"}};
    auto stored = f.alerts->Put({again}, T(1500));
    REQUIRE(stored.ok());
    Alert expect = again;
    expect.starts_at = T(1000);
    CHECK((*stored)[0] == expect);
    CHECK(f.alerts->Get(first.fingerprint()) == expect);
    f.Reopen();
    CHECK(f.alerts->Get(first.fingerprint()) == expect);
  }
  SUBCASE("firing update keeps a later non-timeout end") {
    Alert again = MakeAlert("A", 1, T(1500), T(1800));
    again.updated_at = T(1500);
    auto stored = f.alerts->Put({again}, T(1500));
    REQUIRE(stored.ok());
    CHECK((*stored)[0].ends_at == T(2000));
  }
  SUBCASE("non-overlapping alert replaces") {
    Alert later = MakeAlert("A", 1, T(3000));
    later.updated_at = T(3000);
    auto stored = f.alerts->Put({later}, T(3000));
    REQUIRE(stored.ok());
    CHECK((*stored)[0] == later);
  }
  SUBCASE("duplicates within one batch merge in order") {
    Alert x = MakeAlert("A", 1, T(1200), T(2600));
    x.updated_at = T(1200);
    Alert y = MakeAlert("A", 1, T(1300), T(2700));
    y.updated_at = T(1300);
    auto stored = f.alerts->Put({x, y}, T(1300));
    REQUIRE(stored.ok());
    REQUIRE(stored->size() == 2);
    CHECK((*stored)[0].starts_at == T(1000));
    CHECK((*stored)[1].starts_at == T(1000));
    CHECK((*stored)[1].ends_at == T(2700));
    f.Reopen();
    CHECK(f.alerts->Get(x.fingerprint()) == (*stored)[1]);
  }
}

TEST_CASE("AlertStore: a new alert repeated within one batch is one alert, merged in order") {
  // Put looks every fingerprint up before merging; the repeat is not in the map then.
  TempDir dir;
  Fixture f(dir.path());
  Alert x = MakeAlert("N", 1, T(1200), T(2600));
  Alert other = MakeAlert("N", 2, T(1200));
  Alert y = MakeAlert("N", 1, T(1300), T(2700));
  y.updated_at = T(1300);
  auto stored = f.alerts->Put({x, other, y}, T(1300));
  REQUIRE(stored.ok());
  REQUIRE(stored->size() == 3);
  CHECK((*stored)[0] == x);
  CHECK((*stored)[1] == other);
  CHECK((*stored)[2].starts_at == T(1200));  // merged with x, not stored beside it
  CHECK((*stored)[2].ends_at == T(2700));
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->Get(x.fingerprint()) == (*stored)[2]);
  f.Reopen();
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->Get(x.fingerprint()) == (*stored)[2]);
  CHECK(f.alerts->Get(other.fingerprint()) == other);
}

TEST_CASE("AlertStore persists across close and reopen") {
  TempDir dir;
  std::vector<Alert> put;
  {
    Fixture f(dir.path());
    for (int i = 0; i < 100; ++i) put.push_back(MakeAlert("Persist", i, T(1000 + i)));
    put[7].timeout = true;
    put[7].ends_at = T(5000);
    put[8].updated_at = kZeroTime;  // the zero time round-trips
    REQUIRE(f.alerts->Put(put, T(1100)).ok());
  }
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 100);
  CHECK(f.alerts->stats().loaded == 100);
  CHECK(f.alerts->stats().dropped_corrupt == 0);
  for (const Alert& a : put) CHECK(f.alerts->Get(a.fingerprint()) == a);

  std::vector<Alert> all = f.alerts->All();
  CHECK(all.size() == 100);
  std::size_t visited = 0;
  f.alerts->ForEach([&](Fingerprint, const Alert& a) { visited += a.labels.Get("alertname") == "Persist"; });
  CHECK(visited == 100);
}

TEST_CASE("ForEachInOrder visits every alert once, by ascending fingerprint, in shards") {
  TempDir dir;
  Fixture f(dir.path());
  std::vector<Alert> put;
  const std::size_t n = 3 * AlertStore::kMinAlertsPerShard + 17;
  for (std::size_t i = 0; i < n; ++i)
    put.push_back(MakeAlert("Order", static_cast<int>(i), T(1000)));
  REQUIRE(f.alerts->Put(put, T(1000)).ok());
  std::vector<Fingerprint> want;
  for (const Alert& a : put) want.push_back(a.fingerprint());
  std::sort(want.begin(), want.end());

  for (std::size_t shards : {0, 1, 2, 3, 8}) {
    CAPTURE(shards);
    // Each shard's visits are its own (no lock needed); checked on this thread afterwards.
    std::vector<std::vector<Fingerprint>> seen(std::max<std::size_t>(shards, 1));
    std::vector<std::set<std::thread::id>> threads(seen.size());
    std::atomic<int> mismatched{0};
    f.alerts->ForEachInOrder(shards, [&](std::size_t shard, Fingerprint fp, const Alert& a) {
      if (fp != a.fingerprint()) ++mismatched;
      seen.at(shard).push_back(fp);
      threads.at(shard).insert(std::this_thread::get_id());
    });
    CHECK(mismatched == 0);
    // At most 3 runs of at least kMinAlertsPerShard fit, so 8 asked gives 3.
    const std::size_t used = std::clamp<std::size_t>(shards, 1, 3);
    std::vector<Fingerprint> all;
    std::set<std::thread::id> distinct;
    for (std::size_t s = 0; s < seen.size(); ++s) {
      CHECK((s < used) == !seen[s].empty());
      if (s < used) {
        CHECK(threads[s].size() == 1);
        distinct.insert(*threads[s].begin());
      }
      all.insert(all.end(), seen[s].begin(), seen[s].end());
    }
    CHECK(distinct.size() == used);
    CHECK(threads[0].count(std::this_thread::get_id()) == 1);  // the first run is the caller's
    CHECK(all == want);
  }
}

TEST_CASE("ForEachInOrder passes on an exception from any shard, after all are done") {
  TempDir dir;
  Fixture f(dir.path());
  std::vector<Alert> put;
  for (std::size_t i = 0; i < 2 * AlertStore::kMinAlertsPerShard; ++i) {
    put.push_back(MakeAlert("Throw", static_cast<int>(i), T(1000)));
  }
  REQUIRE(f.alerts->Put(put, T(1000)).ok());
  for (std::size_t thrower : {0, 1}) {
    std::atomic<std::size_t> visits{0};
    CHECK_THROWS_AS(f.alerts->ForEachInOrder(2,
                                             [&](std::size_t shard, Fingerprint, const Alert&) {
                                               ++visits;
                                               if (shard == thrower) throw std::runtime_error("x");
                                             }),
                    std::runtime_error);
    // The shard that threw stopped at its first visit; the other ran to its end before the
    // call returned.
    CHECK(visits == AlertStore::kMinAlertsPerShard + 1);
    // The store is usable (the read lock was released).
    REQUIRE(f.alerts->Put({MakeAlert("After", static_cast<int>(thrower), T(1000))}, T(1000)).ok());
  }
}

TEST_CASE("AlertStore garbage-collects resolved alerts from memory and disk") {
  TempDir dir;
  Fixture f(dir.path());
  Alert firing = MakeAlert("GC", 1, T(1000));                  // no end
  Alert future = MakeAlert("GC", 2, T(1000), T(3000));         // resolves later
  Alert resolved = MakeAlert("GC", 3, T(1000), T(1500));       // resolved at 2000
  Alert boundary = MakeAlert("GC", 4, T(1000), T(2000));       // ends_at == now: resolved
  REQUIRE(f.alerts->Put({firing, future, resolved, boundary}, T(1000)).ok());

  std::vector<Fingerprint> removed = f.alerts->GarbageCollect(T(2000));
  std::sort(removed.begin(), removed.end());
  std::vector<Fingerprint> expect = {resolved.fingerprint(), boundary.fingerprint()};
  std::sort(expect.begin(), expect.end());
  CHECK(removed == expect);
  CHECK(f.alerts->size() == 2);
  CHECK(!f.alerts->Get(resolved.fingerprint()).has_value());
  CHECK(f.alerts->GarbageCollect(T(2000)).empty());

  f.Reopen();
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->Get(firing.fingerprint()).has_value());
  CHECK(f.alerts->Get(future.fingerprint()).has_value());

  // A collected fingerprint can come back.
  Alert refire = MakeAlert("GC", 3, T(4000));
  REQUIRE(f.alerts->Put({refire}, T(4000)).ok());
  CHECK(f.alerts->GarbageCollect(T(4000)).size() == 1);  // only `future` (ended 3000)
  f.Reopen();
  CHECK(f.alerts->Get(refire.fingerprint()) == refire);
  CHECK(f.alerts->size() == 2);
}

TEST_CASE("AlertStore group-commits concurrent Puts") {
  TempDir dir;
  std::set<Fingerprint> expected;
  std::uint64_t transactions = 0;
  constexpr int kThreads = 8, kPuts = 40;
  {
    Fixture f(dir.path());
    std::uint64_t before = f.storage->writer().stats().transactions;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPuts; ++i) {
          std::vector<Alert> batch = {MakeAlert(ThreadName(t), i, T(1000)),
                                      MakeAlert("Shared", i, T(1000 + t))};
          if (!f.alerts->Put(std::move(batch), T(1000)).ok()) ++failures;
        }
      });
    }
    // A concurrent reader sees consistent states throughout.
    std::thread reader([&] {
      for (int i = 0; i < 50; ++i) {
        std::size_t n = 0;
        f.alerts->ForEach([&](Fingerprint, const Alert&) { ++n; });
        CHECK(n <= kThreads * kPuts + kPuts);
      }
    });
    for (auto& th : threads) th.join();
    reader.join();
    CHECK(failures == 0);
    transactions = f.storage->writer().stats().transactions - before;
    for (const Alert& a : f.alerts->All()) expected.insert(a.fingerprint());
  }
  CHECK(expected.size() == kThreads * kPuts + kPuts);
  MESSAGE(transactions << " transactions for " << kThreads * kPuts << " Puts");
  CHECK(transactions < kThreads * kPuts);

  Fixture f(dir.path());
  std::set<Fingerprint> got;
  for (const Alert& a : f.alerts->All()) got.insert(a.fingerprint());
  CHECK(got == expected);
}

TEST_CASE("AlertStore undoes its in-memory change when the commit fails") {
  TempDir dir;
  Fixture f(dir.path());
  Alert kept = MakeAlert("U", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({kept}, T(1000)).ok());
  {
    // Sabotage the table from a second connection so the next write fails.
    auto other = Database::Open(f.storage->path(), {});
    REQUIRE(other.ok());
    REQUIRE((*other)->Exec("ALTER TABLE alert_log RENAME TO alert_log_away").ok());
  }
  Alert update = MakeAlert("U", 1, T(1500), T(2500));
  update.updated_at = T(1500);
  Alert fresh = MakeAlert("U", 2, T(1500));
  auto r = f.alerts->Put({update, fresh}, T(1500));
  REQUIRE(!r.ok());
  CHECK(r.error().find("alert_log") != std::string::npos);
  CHECK(f.alerts->Get(kept.fingerprint()) == kept);
  CHECK(!f.alerts->Get(fresh.fingerprint()).has_value());
  CHECK(f.alerts->size() == 1);
  CHECK(f.alerts->stats().disk_errors == 1);
  // Which rows are obsolete is no longer known for sure: compaction stops.
  CHECK(!f.alerts->stats().compaction_enabled);
}

TEST_CASE("AlertStore skips corrupt rows on load") {
  TempDir dir;
  Alert good = MakeAlert("C", 1, T(1000));
  Alert older = MakeAlert("C", 2, T(1000));
  Seed(dir.path(), {{good}, {older}});
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    // An undecodable newer version of alert 2 (its older version stays current), and a row
    // whose labels do not hash to its fingerprint.
    InsertLegacyRow(*db, 100, older.fingerprint(), std::string("\x01\x02"));
    InsertLegacyRow(*db, 101, 43, Encoded(good));
  }
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->Get(good.fingerprint()) == good);
  CHECK(f.alerts->Get(older.fingerprint()) == older);
  CHECK(!f.alerts->Get(43).has_value());
  CHECK(f.alerts->stats().dropped_corrupt == 2);
  // New writes go after the highest seq on disk.
  Alert next = MakeAlert("C", 3, T(1000));
  REQUIRE(f.alerts->Put({next}, T(1000)).ok());
  f.Reopen();
  CHECK(f.alerts->Get(next.fingerprint()) == next);
  CHECK(f.alerts->size() == 3);
}

TEST_CASE("AlertStore load: below a corrupt newest row, the next older row decides") {
  TempDir dir;
  Alert deleted = MakeAlert("D", 1, T(1000));
  Alert v1 = MakeAlert("D", 2, T(1000));
  Alert v2 = v1;
  v2.ends_at = T(5000);
  v2.updated_at = T(1200);
  {
    Fixture f(dir.path());
    REQUIRE(f.alerts->Put({deleted, v1}, T(1000)).ok());
    REQUIRE(f.alerts->Put({v2}, T(1200)).ok());
  }
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    // `deleted`: a tombstone, then a corrupt row. Replaying in order leaves it deleted.
    InsertLegacyRow(*db, 10, deleted.fingerprint(), std::nullopt);
    InsertLegacyRow(*db, 11, deleted.fingerprint(), std::string("\x00", 1));
    // v1/v2: two corrupt rows on top of v2. v2 stays current, not v1.
    InsertLegacyRow(*db, 12, v1.fingerprint(), std::string("\x01"));
    InsertLegacyRow(*db, 13, v1.fingerprint(), std::string("\x02"));
  }
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 1);
  CHECK(!f.alerts->Get(deleted.fingerprint()).has_value());
  CHECK(f.alerts->Get(v1.fingerprint()) == v2);
  CHECK(f.alerts->stats().dropped_corrupt == 3);
  CHECK(f.alerts->stats().log_records == 7);  // every record, kept for compaction to drop
  // The next write goes after seq 13.
  Alert next = MakeAlert("D", 3, T(1300));
  REQUIRE(f.alerts->Put({next}, T(1300)).ok());
  f.Reopen();
  CHECK(f.alerts->Get(next.fingerprint()) == next);
  CHECK(f.alerts->Get(v1.fingerprint()) == v2);
}

TEST_CASE("AlertStore keeps the stored label and annotation blocks when a re-send repeats them") {
  TempDir dir;
  Fixture f(dir.path());
  Alert first = MakeAlert("K", 1, T(1000), T(2000));
  first.annotations = {{"summary", "s"}};
  first.generator_url = "http://prometheus/graph";
  auto stored = f.alerts->Put({first}, T(1000));
  REQUIRE(stored.ok());
  // The same alert as a decoder would give it again: equal bytes in new blocks.
  Alert again = first;
  auto copy = [](const LabelSet& set) {  // equal content in a block of its own
    std::vector<Label> labels(set.begin(), set.end());
    return LabelSet::FromUnsorted(labels);
  };
  again.labels = copy(first.labels);
  again.annotations = copy(first.annotations.Expand(first.labels));
  again.generator_url = SharedText(first.generator_url.str());
  again.ends_at = T(3000);
  again.updated_at = T(1100);
  REQUIRE(again.labels.encoded().data() != first.labels.encoded().data());
  auto resent = f.alerts->Put({again}, T(1100));
  REQUIRE(resent.ok());
  const Alert& now = (*resent)[0];
  CHECK(now.ends_at == T(3000));
  CHECK(now.labels.encoded().data() == (*stored)[0].labels.encoded().data());
  CHECK(now.annotations.encoded().data() == (*stored)[0].annotations.encoded().data());
  CHECK(now.generator_url.SharesWith((*stored)[0].generator_url));
  // Changed annotations come from the new alert.
  Alert changed = again;
  changed.annotations = {{"summary", "other"}};
  auto updated = f.alerts->Put({changed}, T(1200));
  REQUIRE(updated.ok());
  CHECK((*updated)[0].annotations.Expand((*updated)[0].labels).Get("summary") == "other");
  CHECK((*updated)[0].labels.encoded().data() == (*stored)[0].labels.encoded().data());
}

TEST_CASE("AlertStore writes one row per Put, holding all its records") {
  TempDir dir;
  Fixture f(dir.path());
  REQUIRE(f.alerts->Put({MakeAlert("R", 1, T(1000)), MakeAlert("R", 2, T(1000))}, T(1000)).ok());
  REQUIRE(f.alerts->Put({MakeAlert("R", 3, T(1000))}, T(1000)).ok());
  std::unique_ptr<Database> db = OpenStoreFile(dir);
  CHECK(*db->QueryInt("SELECT count(*) FROM alert_log") == 2);
  // A row's seq is its last record's.
  CHECK(*db->QueryInt("SELECT group_concat(seq) = '2,3' FROM alert_log") == 1);
  CHECK(f.alerts->stats().log_records == 3);
}

TEST_CASE("AlertStore load: a row whose records cannot be read is skipped whole") {
  TempDir dir;
  Alert a1 = MakeAlert("U", 1, T(1000));
  Alert a2 = a1;
  a2.ends_at = T(5000);
  Alert b = MakeAlert("U", 2, T(1000));
  Seed(dir.path(), {{a1}, {a2, b}});
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    // Cut the second row short: neither a2 nor b may be read from what is left of it.
    REQUIRE(db->Exec("UPDATE alert_log SET records = substr(records, 1, length(records) - 3) "
                        "WHERE seq = 3").ok());
  }
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 1);
  CHECK(f.alerts->Get(a1.fingerprint()) == a1);
  CHECK(!f.alerts->Get(b.fingerprint()).has_value());
  CHECK(f.alerts->stats().dropped_corrupt == 1);
  CHECK(f.alerts->stats().log_records == 2);  // a1's record and the unreadable row
  // Later writes follow the unreadable row's seq.
  Alert c = MakeAlert("U", 3, T(1000));
  REQUIRE(f.alerts->Put({c}, T(1000)).ok());
  f.Reopen();
  CHECK(f.alerts->Get(c.fingerprint()) == c);
  CHECK(f.alerts->size() == 2);
}

TEST_CASE("AlertStore load: records BLOBs that break the layout are unreadable rows") {
  Alert a = MakeAlert("L", 1, T(1000));
  Alert newer = a;  // what each row on top would say, if it could be read
  newer.ends_at = T(9000);
  const std::string data = Encoded(newer);
  const Fingerprint fp = a.fingerprint();
  struct Case {
    const char* what;
    LogSeq row_seq;
    std::string blob;
  };
  const Case cases[] = {
      {"empty", 5, ""},
      {"last record's seq is not the row's", 6, RecordsBlob({{5, fp, data}})},
      {"seqs not increasing", 5, RecordsBlob({{5, fp, data}, {5, fp, std::nullopt}})},
      {"data cut short", 5, RecordsBlob({{5, fp, data}}).substr(0, 20 + data.size() - 1)},
      {"bytes after the last record", 5, RecordsBlob({{5, fp, data}}) + "x"},
      {"header cut", 5, RecordsBlob({{5, fp, data}}).substr(0, 10)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    Seed(dir.path(), {{a}});
    {
      std::unique_ptr<Database> db = OpenStoreFile(dir);
      InsertRow(*db, c.row_seq, c.blob);
    }
    Fixture f(dir.path());
    CHECK(f.alerts->Get(fp) == a);  // the row on top could not be read: the older state holds
    CHECK(f.alerts->stats().dropped_corrupt == 1);
  }
}

TEST_CASE("AlertStore load: a record that does not decode is skipped alone") {
  TempDir dir;
  Alert a = MakeAlert("S", 1, T(1000));
  Alert b = MakeAlert("S", 2, T(1000));
  Seed(dir.path(), {{a}});
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    // One row: a's newer state garbled, b good, then a tombstone for an unknown alert.
    InsertRow(*db, 4, RecordsBlob({{2, a.fingerprint(), std::string("\x07garbled")},
                                    {3, b.fingerprint(), Encoded(b)},
                                    {4, 77, std::nullopt}}));
  }
  Fixture f(dir.path());
  CHECK(f.alerts->Get(a.fingerprint()) == a);
  CHECK(f.alerts->Get(b.fingerprint()) == b);
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->stats().dropped_corrupt == 1);
  CHECK(f.alerts->stats().log_records == 4);
}

TEST_CASE("AlertStore reads rows written before schema 4 and appends after them") {
  TempDir dir;
  Alert old_alert = MakeAlert("Old", 1, T(1000));
  Alert old_deleted = MakeAlert("Old", 2, T(1000));
  {
    // A database as schema 3 left it: alert_log without `records`, one row per record.
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    storage->reset();
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    REQUIRE(db->Exec("ALTER TABLE alert_log DROP COLUMN records; DROP TABLE alert_content; "
                     "PRAGMA user_version=3").ok());
    InsertLegacyRow(*db, 1, old_alert.fingerprint(), Encoded(old_alert));
    InsertLegacyRow(*db, 2, old_deleted.fingerprint(), Encoded(old_deleted));
    InsertLegacyRow(*db, 3, old_deleted.fingerprint(), std::nullopt);
  }
  Fixture f(dir.path());
  CHECK(f.alerts->size() == 1);
  CHECK(f.alerts->Get(old_alert.fingerprint()) == old_alert);
  Alert fresh = MakeAlert("New", 1, T(1000));
  REQUIRE(f.alerts->Put({fresh}, T(1000)).ok());
  f.Reopen();
  CHECK(f.alerts->size() == 2);
  CHECK(f.alerts->Get(old_alert.fingerprint()) == old_alert);
  CHECK(f.alerts->Get(fresh.fingerprint()) == fresh);
  CHECK(f.alerts->stats().dropped_corrupt == 0);
}

TEST_CASE("AlertStore compaction drops whole rows, never part of one") {
  // Steps of one record at least, rows of three: every step must round up to a row's end,
  // so that the records the store counts are the records on disk.
  TempDir dir;
  Fixture f(dir.path(), AlertStore::Options{.compaction_slack = 0, .compaction_chunk = 1});
  // Even rounds re-send three kept alerts; odd rounds bring three already resolved ones,
  // collected just after (tombstones).
  auto round_of = [](int round) {
    std::vector<Alert> batch;
    for (int i = 0; i < 3; ++i) {
      batch.push_back(round % 2 == 1 ? MakeAlert("Gone", round * 3 + i, T(900), T(950))
                                     : MakeAlert("Kept", i, T(1000), T(5000 + round)));
    }
    return batch;
  };
  std::set<Fingerprint> collected;
  std::map<Fingerprint, Alert> live;
  for (int round = 0; round < 40; ++round) {
    auto stored = f.alerts->Put(round_of(round), T(1000));
    REQUIRE(stored.ok());
    if (round % 2 == 0) {
      for (const Alert& a : *stored) live[a.fingerprint()] = a;
    }
    for (Fingerprint fp : f.alerts->GarbageCollect(T(1000))) collected.insert(fp);
  }
  CHECK(collected.size() == 20 * 3);
  CHECK(f.alerts->stats().compactions > 5);
  const std::size_t records = f.alerts->stats().log_records;
  f.Reopen();
  CHECK(f.alerts->stats().log_records == records);  // what the load found on disk
  CHECK(f.alerts->stats().dropped_corrupt == 0);
  CHECK(f.alerts->size() == live.size());
  for (const auto& [fp, a] : live) CHECK(f.alerts->Get(fp) == a);
  for (Fingerprint fp : collected) CHECK(!f.alerts->Get(fp).has_value());
}

TEST_CASE("AlertStore compacts its log and keeps the newest state") {
  TempDir dir;
  AlertStore::Options small;
  small.compaction_slack = 16;
  small.compaction_chunk = 8;
  Fixture f(dir.path(), small);
  // 20 alerts re-sent 50 times, like Prometheus re-sending with a moving endsAt.
  std::vector<Alert> last;
  for (int round = 0; round < 50; ++round) {
    std::vector<Alert> batch;
    for (int i = 0; i < 20; ++i) {
      Alert a = MakeAlert("Compact", i, T(1000), T(2000 + round));
      a.updated_at = T(1000 + round);
      a.annotations = {{"round", std::to_string(round)}};
      batch.push_back(a);
    }
    auto stored = f.alerts->Put(batch, T(1000 + round));
    REQUIRE(stored.ok());
    last = *stored;
    // Every few rounds resolve and collect one alert, then bring it back.
    if (round % 7 == 3) {
      Alert gone = MakeAlert("Gone", round, T(900), T(950));
      REQUIRE(f.alerts->Put({gone}, T(1000)).ok());
      CHECK(f.alerts->GarbageCollect(T(1000 + round)).size() == 1);
    }
  }
  AlertStore::Stats stats = f.alerts->stats();
  CHECK(stats.compactions > 10);
  CHECK(stats.compaction_enabled);
  CHECK(stats.log_records <= 2 * 20 + small.compaction_slack + 20 + 2);
  std::unique_ptr<Database> db = OpenStoreFile(dir);
  CHECK(*db->QueryInt("SELECT count(*) FROM alert_log") <= stats.log_records);

  f.Reopen();
  CHECK(f.alerts->size() == 20);  // no collected alert came back
  for (const Alert& a : last) CHECK(f.alerts->Get(a.fingerprint()) == a);
}

TEST_CASE("AlertStore stops compacting after a write failure but loses nothing") {
  TempDir dir;
  AlertStore::Options small;
  small.compaction_slack = 4;
  small.compaction_chunk = 4;
  Fixture f(dir.path(), small);
  Alert a = MakeAlert("F", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({a}, T(1000)).ok());
  // A failing mutation elsewhere in the writer (e.g. an nflog write).
  CHECK(!f.storage->writer().Write([](Database&) { return Status(Error{"boom"}); }).ok());
  for (int round = 0; round < 20; ++round) {
    a.ends_at = T(2000 + round);
    a.updated_at = T(1000 + round);
    REQUIRE(f.alerts->Put({a}, T(1000 + round)).ok());
  }
  CHECK(!f.alerts->stats().compaction_enabled);
  CHECK(f.alerts->stats().compactions == 0);
  CHECK(f.alerts->stats().log_records == 21);
  f.Reopen();
  CHECK(f.alerts->Get(a.fingerprint()) == a);
  CHECK(f.alerts->stats().compaction_enabled);  // a fresh start
}

TEST_CASE("AlertStore::Open streams each loaded alert once, in its current state") {
  TempDir dir;
  Alert first = MakeAlert("Stream", 1, T(1000));
  Alert second = MakeAlert("Stream", 2, T(1000));
  Alert gone = MakeAlert("Stream", 3, T(1000));
  gone.ends_at = T(1001);
  {
    Fixture f(dir.path());
    REQUIRE(f.alerts->Put({first, second, gone}, T(1000)).ok());
    second.annotations = {{"summary", "newer"}};
    REQUIRE(f.alerts->Put({second}, T(1000)).ok());
    REQUIRE(f.alerts->GarbageCollect(T(2000)).size() == 1);  // a tombstone for `gone`
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  std::vector<Alert> streamed;
  auto store = AlertStore::Open((*storage)->writer(), {},
                                [&](const std::vector<Alert>& chunk) {
                                  streamed.insert(streamed.end(), chunk.begin(), chunk.end());
                                });
  REQUIRE(store.ok());
  REQUIRE(streamed.size() == 2);
  std::sort(streamed.begin(), streamed.end(),
            [](const Alert& a, const Alert& b) { return a.fingerprint() < b.fingerprint(); });
  std::vector<Alert> expected = {first, (*store)->Get(second.fingerprint()).value()};
  std::sort(expected.begin(), expected.end(),
            [](const Alert& a, const Alert& b) { return a.fingerprint() < b.fingerprint(); });
  CHECK(streamed == expected);
  CHECK((*store)->Get(second.fingerprint())->annotations.Expand((*store)->Get(second.fingerprint())->labels).Get("summary") == "newer");
  CHECK((*store)->size() == 2);
  CHECK((*store)->stats().log_records == 5);
}

TEST_CASE("AlertStore::Open streams more alerts than one chunk") {
  TempDir dir;
  std::vector<Alert> put;
  for (int i = 0; i < 5000; ++i) put.push_back(MakeAlert("Many", i, T(1000)));
  {
    Fixture f(dir.path());
    REQUIRE(f.alerts->Put(put, T(1000)).ok());
  }
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  std::size_t streamed = 0, chunks = 0;
  auto store = AlertStore::Open((*storage)->writer(), {}, [&](const std::vector<Alert>& chunk) {
    streamed += chunk.size();
    ++chunks;
  });
  REQUIRE(store.ok());
  CHECK(streamed == 5000);
  CHECK(chunks > 1);
  CHECK((*store)->size() == 5000);
}

}  // namespace
}  // namespace overlord::testing
