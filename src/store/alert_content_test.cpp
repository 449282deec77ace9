// AlertStore with alert_content rows: content written once, times records for re-sends.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/alert_content.h"
#include "store/alert_store_fixture.h"
#include "store/fixed_int.h"

// In the fixture's namespace, so its helpers need no using-declarations.
namespace overlord::testing {
namespace {

std::int64_t Count(const TempDir& dir, const std::string& sql) {
  std::unique_ptr<Database> db = OpenStoreFile(dir);
  Result<std::int64_t> n = db->QueryInt(sql);
  REQUIRE(n.ok());
  return *n;
}

// One times record as alert_log.cpp lays it out: seq, fingerprint, the marker 0xFFFFFFFE,
// content id, flags, then starts_at, ends_at, updated_at in Unix nanoseconds.
std::string TimesRecord(LogSeq seq, Fingerprint fp, ContentId content, const Alert& times,
                        std::uint8_t flags = 0) {
  std::string out;
  AppendFixed(&out, static_cast<std::uint64_t>(seq), 8);
  AppendFixed(&out, fp, 8);
  AppendFixed(&out, 0xFFFFFFFEu, 4);
  AppendFixed(&out, static_cast<std::uint64_t>(content), 8);
  out.push_back(static_cast<char>(flags));
  for (Time t : {times.starts_at, times.ends_at, times.updated_at}) {
    AppendFixed(&out, static_cast<std::uint64_t>(ToUnixNanos(t)), 8);
  }
  return out;
}

void InsertContent(Database& db, ContentId id, const Alert& a) {
  Result<Statement> st = db.Prepare("INSERT INTO alert_content(id, data) VALUES(?1, ?2)");
  REQUIRE(st.ok());
  REQUIRE(st->BindInt(1, id).BindBlob(2, Encoded(a)).Run().ok());
}

TEST_CASE("AlertStore writes an alert's content once, and a small times record per re-send") {
  TempDir dir;
  Fixture f(dir.path());
  Alert a = MakeAlert("Times", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({a}, T(1000)).ok());
  CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 1);
  // Re-sends with a moving endsAt, as Prometheus sends them.
  for (int i = 1; i <= 3; ++i) {
    a.ends_at = T(2000 + i);
    a.updated_at = T(1000 + i);
    REQUIRE(f.alerts->Put({a}, T(1000 + i)).ok());
  }
  CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 1);
  CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 1);
  // seq, fingerprint, marker, content id, flags, three times: 53 bytes, whatever the alert.
  CHECK(Count(dir, "SELECT length(records) FROM alert_log ORDER BY seq DESC LIMIT 1") == 53);
  f.Reopen();
  CHECK(f.alerts->Get(a.fingerprint()) == a);
  CHECK(f.alerts->stats().dropped_corrupt == 0);

  SUBCASE("changed annotations replace the content row") {
    a.annotations = {{"summary", "changed"}};
    a.updated_at = T(1100);
    REQUIRE(f.alerts->Put({a}, T(1100)).ok());
    CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 1);
    CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 2);
    f.Reopen();
    CHECK(f.alerts->Get(a.fingerprint()) == a);
    // Ids keep growing after a restart.
    a.generator_url = "http://elsewhere/graph";
    REQUIRE(f.alerts->Put({a}, T(1200)).ok());
    CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 3);
    f.Reopen();
    CHECK(f.alerts->Get(a.fingerprint()) == a);
  }
  SUBCASE("garbage collection deletes the content row with the alert") {
    REQUIRE(f.alerts->GarbageCollect(T(5000)).size() == 1);
    CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 0);
    f.Reopen();
    CHECK(f.alerts->size() == 0);
  }
}

TEST_CASE("AlertStore: a batch that repeats an alert with new content keeps only the last") {
  TempDir dir;
  Fixture f(dir.path());
  Alert first = MakeAlert("Dup", 1, T(1000));
  Alert second = first;
  second.annotations = {{"summary", "second"}};
  Alert third = second;  // same content as `second`: a times record only
  third.ends_at = T(3000);
  REQUIRE(f.alerts->Put({first, second, third}, T(1000)).ok());
  CHECK(Count(dir, "SELECT group_concat(id) FROM alert_content") == 2);
  f.Reopen();
  CHECK(f.alerts->Get(first.fingerprint()) == third);
}

TEST_CASE("AlertStore after a write failure writes whole alerts, and the next load tidies up") {
  TempDir dir;
  Fixture f(dir.path());
  Alert a = MakeAlert("F", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({a}, T(1000)).ok());
  CHECK(!f.storage->writer().Write([](Database&) { return Status(Error{"boom"}); }).ok());
  // The content row might not be on disk as far as the store knows: no record relies on it.
  a.ends_at = T(2500);
  a.updated_at = T(1100);
  REQUIRE(f.alerts->Put({a}, T(1100)).ok());
  Alert b = MakeAlert("F", 2, T(1100));
  REQUIRE(f.alerts->Put({b}, T(1100)).ok());
  CHECK(Count(dir, "SELECT length(records) FROM alert_log ORDER BY seq DESC LIMIT 1") > 53);
  CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 1);  // a's, now unused
  f.Reopen();
  CHECK(f.alerts->Get(a.fingerprint()) == a);
  CHECK(f.alerts->Get(b.fingerprint()) == b);
  CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 0);
  // A fresh start: content rows again, after the highest id seen.
  a.annotations = {{"summary", "new"}};
  REQUIRE(f.alerts->Put({a}, T(1200)).ok());
  CHECK(Count(dir, "SELECT group_concat(id) FROM alert_content") == 2);
  f.Reopen();
  CHECK(f.alerts->Get(a.fingerprint()) == a);
}

TEST_CASE("AlertStore writes whole alerts when a write fails between its check and its commit") {
  TempDir dir;
  Fixture f(dir.path());
  Alert a = MakeAlert("Race", 1, T(1000), T(2000));
  REQUIRE(f.alerts->Put({a}, T(1000)).ok());
  CommitWriter& writer = f.storage->writer();
  // Hold the writer, queue a failing write, and only then let the Put's write run.
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  CommitWriter::Ticket held = writer.Enqueue([gate](Database&) {
    gate.wait();
    return Status::Ok();
  });
  CommitWriter::Ticket failing = writer.Enqueue([](Database&) { return Status(Error{"boom"}); });
  Alert again = a;
  again.ends_at = T(3000);
  again.updated_at = T(1100);
  auto put = std::async(std::launch::async, [&] { return f.alerts->Put({again}, T(1100)); });
  // The Put has queued its write once its merge is visible.
  for (int i = 0; i < 5000 && f.alerts->Get(a.fingerprint())->ends_at != T(3000); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(f.alerts->Get(a.fingerprint())->ends_at == T(3000));
  CHECK(f.alerts->stats().compaction_enabled);  // no failure yet when the Put looked
  release.set_value();
  CHECK(writer.Wait(held).ok());
  CHECK(!writer.Wait(failing).ok());
  REQUIRE(put.get().ok());
  CHECK(Count(dir, "SELECT length(records) FROM alert_log ORDER BY seq DESC LIMIT 1") > 53);
  f.Reopen();
  CHECK(f.alerts->Get(a.fingerprint()) == again);
}

TEST_CASE("AlertStore load: a times record whose content is missing, garbled or foreign does "
          "not count") {
  TempDir dir;
  Alert a = MakeAlert("M", 1, T(1000), T(2000));
  Alert b = MakeAlert("M", 2, T(1000), T(2000));
  Alert c = MakeAlert("M", 3, T(1000), T(2000));
  Seed(dir.path(), {{a, b, c}});  // content rows 1, 2 and 3, seqs 1 to 3
  Alert later = a;
  later.ends_at = T(9000);
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    // Newer times records: a's names row 7, which does not exist; b's names a's row; c's
    // names row 6, which does not decode.
    InsertRow(*db, 12, TimesRecord(10, a.fingerprint(), 7, later) +
                           TimesRecord(11, b.fingerprint(), 1, later) +
                           TimesRecord(12, c.fingerprint(), 6, later));
    InsertContent(*db, 5, MakeAlert("Orphan", 5, T(1000)));  // no record names it
    REQUIRE(db->Exec("INSERT INTO alert_content(id, data) VALUES(6, x'0102')").ok());
  }
  Fixture f(dir.path());
  CHECK(f.alerts->Get(a.fingerprint()) == a);  // the older records decide
  CHECK(f.alerts->Get(b.fingerprint()) == b);
  CHECK(f.alerts->Get(c.fingerprint()) == c);
  CHECK(f.alerts->stats().dropped_corrupt == 3);
  // Rows 5 and 6 are gone: no current state names them.
  std::unique_ptr<Database> db = OpenStoreFile(dir);
  CHECK(*db->QueryInt("SELECT group_concat(id) = '1,2,3' FROM alert_content") == 1);
  db.reset();
  // New ids go past every id a record named, not only past the rows that exist.
  REQUIRE(f.alerts->Put({MakeAlert("M", 4, T(1000))}, T(1000)).ok());
  CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 8);
}

TEST_CASE("AlertStore load: times records that break the layout make their row unreadable") {
  Alert a = MakeAlert("L", 1, T(1000));
  Alert newer = a;
  newer.ends_at = T(9000);
  const Fingerprint fp = a.fingerprint();
  struct Case {
    const char* what;
    std::string blob;
  };
  const Case cases[] = {
      {"cut short", TimesRecord(5, fp, 1, newer).substr(0, 52)},
      {"unknown flag", TimesRecord(5, fp, 1, newer, 2)},
      {"content id 0", TimesRecord(5, fp, 0, newer)},
      {"bytes after it", TimesRecord(5, fp, 1, newer) + "x"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    Seed(dir.path(), {{a}});
    {
      std::unique_ptr<Database> db = OpenStoreFile(dir);
      InsertRow(*db, 5, c.blob);
    }
    Fixture f(dir.path());
    CHECK(f.alerts->Get(fp) == a);
    CHECK(f.alerts->stats().dropped_corrupt == 1);
  }
  // The well-formed record, for contrast, is read.
  TempDir dir;
  Seed(dir.path(), {{a}});
  {
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    InsertRow(*db, 5, TimesRecord(5, fp, 1, newer));
  }
  Fixture f(dir.path());
  CHECK(f.alerts->Get(fp) == newer);
}

TEST_CASE("AlertStore compaction gives an alert from before schema 5 a content row") {
  TempDir dir;
  Alert old_alert = MakeAlert("Old", 1, T(1000));
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    storage->reset();
    std::unique_ptr<Database> db = OpenStoreFile(dir);
    InsertRow(*db, 1, RecordsBlob({{1, old_alert.fingerprint(), Encoded(old_alert)}}));
  }
  Fixture f(dir.path(), AlertStore::Options{.compaction_slack = 0, .compaction_chunk = 1});
  for (int i = 0; i < 20; ++i) {  // re-sends of five alerts grow the log past 2x
    REQUIRE(f.alerts->Put({MakeAlert("New", i % 5, T(1000))}, T(1000)).ok());
  }
  REQUIRE(f.alerts->stats().compactions > 0);
  CHECK(Count(dir, "SELECT count(*) FROM alert_log WHERE seq = 1") == 0);  // the full record
  CHECK(Count(dir, "SELECT count(*) FROM alert_content") == 6);
  f.Reopen();
  CHECK(f.alerts->Get(old_alert.fingerprint()) == old_alert);
  CHECK(f.alerts->size() == 6);
  CHECK(f.alerts->stats().dropped_corrupt == 0);
}


// An alert as Prometheus renders it: annotations built from the labels.
Alert RenderedAlert(const std::string& instance, Time ends_at) {
  Alert a = MakeAlert("InstanceDown", 1, T(1000), ends_at);
  a.labels.Set("instance", instance);
  a.annotations = {{"summary", "InstanceDown on " + instance},
                   {"description", instance + " has been down for 5 minutes."}};
  return a;
}

TEST_CASE("AlertStore holds annotations as a template shared by a rule's alerts, stored as posted") {
  TempDir dir;
  Fixture f(dir.path());
  const Alert a = RenderedAlert("db-1.example.net:9100", T(2000));
  const Alert b = RenderedAlert("db-2.example.net:9100", T(2000));
  REQUIRE(f.alerts->Put({a, b}, T(1000)).ok());

  auto check_held = [&](const Alert& posted) {
    std::optional<Alert> held = f.alerts->Get(posted.fingerprint());
    REQUIRE(held.has_value());
    CHECK(held->annotations.templated());
    CHECK(held->annotations.Expand(held->labels) == posted.annotations.Expand(posted.labels));
  };
  auto shared = [&] {
    return f.alerts->Get(a.fingerprint())->annotations.encoded().data() ==
           f.alerts->Get(b.fingerprint())->annotations.encoded().data();
  };
  check_held(a);
  check_held(b);
  CHECK(shared());

  // The content rows hold the annotations as posted, not the template.
  std::vector<Alert> rows;
  std::unique_ptr<Database> db = OpenStoreFile(dir);
  REQUIRE(ScanAlertContent(*db, [&](ContentId, std::string_view data) {
            Result<Alert> decoded = DecodeAlert(data);
            REQUIRE(decoded.ok());
            rows.push_back(*decoded);
          }).ok());
  db.reset();
  REQUIRE(rows.size() == 2);
  for (const Alert& row : rows) {
    CHECK_FALSE(row.annotations.templated());
    CHECK((row.annotations == a.annotations || row.annotations == b.annotations));
  }

  // A re-send matches the template: a times record only, and the held block stays.
  Alert again = a;
  again.ends_at = T(2100);
  again.updated_at = T(1100);
  const char* block = f.alerts->Get(a.fingerprint())->annotations.encoded().data();
  REQUIRE(f.alerts->Put({again}, T(1100)).ok());
  CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 2);
  CHECK(f.alerts->Get(a.fingerprint())->annotations.encoded().data() == block);

  // One changed character is new content.
  Alert changed = again;
  changed.annotations = {{"summary", "InstanceDown on db-1.example.net:9100"},
                         {"description", "db-1.example.net:9100 has been down for 6 minutes."}};
  changed.updated_at = T(1200);
  REQUIRE(f.alerts->Put({changed}, T(1200)).ok());
  CHECK(Count(dir, "SELECT max(id) FROM alert_content") == 3);
  check_held(changed);
  CHECK_FALSE(shared());

  // Loading templates them again, shared as before.
  REQUIRE(f.alerts->Put({b}, T(1200)).ok());
  f.Reopen();
  CHECK(f.alerts->stats().dropped_corrupt == 0);
  check_held(changed);
  check_held(b);
  Alert c = RenderedAlert("db-3.example.net:9100", T(2000));
  REQUIRE(f.alerts->Put({c}, T(1300)).ok());
  check_held(c);
  CHECK(f.alerts->Get(b.fingerprint())->annotations.encoded().data() ==
        f.alerts->Get(c.fingerprint())->annotations.encoded().data());
}

}  // namespace
}  // namespace overlord::testing
