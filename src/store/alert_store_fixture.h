// Helpers for the AlertStore tests (header-only, test code): a store over a directory that
// can be reopened, and ways to write alert_log rows by hand.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store/alert_codec.h"
#include "store/alert_store.h"
#include "store/fixed_int.h"
#include "store/storage.h"
#include "store/test_util.h"

namespace overlord::testing {

// Adds a row in the form written before schema 4 (one record; data NULL for a tombstone).
inline void InsertLegacyRow(Database& db, LogSeq seq, Fingerprint fp, std::optional<std::string> data) {
  Result<Statement> st =
      db.Prepare("INSERT INTO alert_log(seq, fingerprint, data) VALUES(?1, ?2, ?3)");
  REQUIRE(st.ok());
  st->BindInt(1, seq).BindInt(2, static_cast<std::int64_t>(fp));
  if (data.has_value()) {
    st->BindBlob(3, *data);
  } else {
    st->BindNull(3);
  }
  REQUIRE(st->Run().ok());
}

inline std::string Encoded(const Alert& a) {
  std::string out;
  EncodeAlert(a, &out);
  return out;
}

// A Storage plus AlertStore over `dir`, reopened on demand.
struct Fixture {
  explicit Fixture(const std::string& dir, AlertStore::Options options = {})
      : dir(dir), options(options) {
    Open();
  }
  void Open() {
    auto s = Storage::Open(dir, {});
    REQUIRE(s.ok());
    storage = std::move(*s);
    auto a = AlertStore::Open(storage->writer(), options);
    REQUIRE(a.ok());
    alerts = std::move(*a);
  }
  void Reopen() {
    alerts.reset();  // the store goes before the writer it uses
    storage.reset();
    Open();
  }
  std::string dir;
  AlertStore::Options options;
  std::unique_ptr<Storage> storage;
  std::unique_ptr<AlertStore> alerts;
};

// Puts each batch, in order, through a store over `dir` at T(1000), then closes it.
inline void Seed(const std::string& dir, const std::vector<std::vector<Alert>>& batches) {
  Fixture f(dir);
  for (const std::vector<Alert>& batch : batches) REQUIRE(f.alerts->Put(batch, T(1000)).ok());
}

// The store's database file under `dir`, for tests that edit its rows directly.
inline std::unique_ptr<Database> OpenStoreFile(const TempDir& dir) {
  auto db = Database::Open(dir.File(Storage::kFileName), {});
  REQUIRE(db.ok());
  return std::move(*db);
}

// A `records` BLOB as alert_log.cpp lays it out: per record seq, fingerprint (8 bytes each),
// data length (4 bytes, all ones for a tombstone) and data, little-endian.
inline std::string RecordsBlob(const std::vector<std::tuple<LogSeq, Fingerprint, std::optional<std::string>>>& recs) {
  std::string out;
  for (const auto& [seq, fp, data] : recs) {
    AppendFixed(&out, static_cast<std::uint64_t>(seq), 8);
    AppendFixed(&out, fp, 8);
    AppendFixed(&out, data.has_value() ? data->size() : 0xFFFFFFFFu, 4);
    if (data.has_value()) out += *data;
  }
  return out;
}

inline void InsertRow(Database& db, LogSeq seq, std::string_view records) {
  Result<Statement> st = db.Prepare("INSERT INTO alert_log(seq, fingerprint, records) VALUES(?1, 0, ?2)");
  REQUIRE(st.ok());
  REQUIRE(st->BindInt(1, seq).BindBlob(2, records).Run().ok());
}

}  // namespace overlord::testing
