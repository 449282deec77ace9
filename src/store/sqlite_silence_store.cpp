#include "store/sqlite_silence_store.h"

#include <memory>
#include <utility>

#include "store/fixed_int.h"

namespace overlord {
namespace {

void PutString(std::string& out, std::string_view s) {
  AppendFixed(&out, static_cast<std::uint32_t>(s.size()), 4);
  out.append(s);
}

bool GetString(std::string_view& in, std::string* out) {
  if (in.size() < 4) return false;
  const std::uint64_t n = LoadFixed(in.data(), 4);
  in.remove_prefix(4);
  if (in.size() < n) return false;
  out->assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

constexpr MatchType kTypes[] = {MatchType::kEqual, MatchType::kRegex, MatchType::kNotEqual,
                                MatchType::kNotRegex};

char TypeByte(MatchType t) {
  for (int i = 0; i < 4; ++i) {
    if (kTypes[i] == t) return static_cast<char>(i);
  }
  return 0;
}

}  // namespace

std::string EncodeSilenceMatchers(const Matchers& matchers) {
  std::string out;
  for (const Matcher& m : matchers) {
    out.push_back(TypeByte(m.type()));
    PutString(out, m.name());
    PutString(out, m.value());
  }
  return out;
}

Result<Matchers> DecodeSilenceMatchers(std::string_view bytes) {
  Matchers out;
  while (!bytes.empty()) {
    auto type = static_cast<std::uint8_t>(bytes[0]);
    bytes.remove_prefix(1);
    std::string name, value;
    if (type > 3 || !GetString(bytes, &name) || !GetString(bytes, &value)) {
      return Error{"malformed silence matchers"};
    }
    Result<Matcher> m = Matcher::Create(kTypes[type], std::move(name), std::move(value));
    if (!m.ok()) return Error{m.error()};
    out.push_back(std::move(*m));
  }
  return out;
}

std::string EncodeSilenceAnnotations(const LabelSet& annotations) {
  std::string out;
  for (const Label& a : annotations) {
    PutString(out, a.name);
    PutString(out, a.value);
  }
  return out;
}

Result<LabelSet> DecodeSilenceAnnotations(std::string_view bytes) {
  LabelSet out;
  while (!bytes.empty()) {
    std::string name, value;
    if (!GetString(bytes, &name) || !GetString(bytes, &value)) {
      return Error{"malformed silence annotations"};
    }
    out.Set(name, value);
  }
  return out;
}

Status SqliteSilenceStore::Save(const std::vector<Silence>& silences) {
  return StartSave(silences, std::nullopt)();
}

std::uint64_t SqliteSilenceStore::failure_count() const { return writer_.failure_count(); }

SilenceStore::PendingSave SqliteSilenceStore::StartSave(
    std::vector<Silence> silences, std::optional<std::uint64_t> unless_failed_since) {
  if (silences.empty()) return [] { return Status::Ok(); };
  struct Rows {
    std::vector<Silence> silences;
    std::vector<std::pair<std::string, std::string>> blobs;  // matchers, annotations
  };
  // Encoded here, on the caller's thread, so the writer only binds. Shared with the
  // mutation, which may outlive this call.
  auto rows = std::make_shared<Rows>();
  rows->blobs.reserve(silences.size());
  for (const Silence& s : silences) {
    rows->blobs.emplace_back(EncodeSilenceMatchers(s.matchers),
                             EncodeSilenceAnnotations(s.annotations));
  }
  rows->silences = std::move(silences);
  CommitWriter* writer = &writer_;
  // The caller calls the result (see SilenceStore::StartSave), so a lone save may commit on
  // its thread.
  CommitWriter::Ticket ticket = writer_.Enqueue(
      [rows, writer, unless_failed_since](Database& db) -> Status {
        // Mutations run in Enqueue order, so every earlier write has its outcome by now.
        if (unless_failed_since.has_value() && writer->failure_count() != *unless_failed_since) {
          return Error{"not saved: an earlier write it builds on failed"};
        }
        Result<Statement*> st = db.Cached(
            "INSERT OR REPLACE INTO silences(id, matchers, starts_at, ends_at, updated_at, "
            "created_by, comment, annotations) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        if (!st.ok()) return Error{st.error()};
        for (std::size_t i = 0; i < rows->silences.size(); ++i) {
          const Silence& s = rows->silences[i];
          Status r = (*st)
                         ->BindText(1, s.id)
                         .BindBlob(2, rows->blobs[i].first)
                         .BindInt(3, ToUnixNanos(s.starts_at))
                         .BindInt(4, ToUnixNanos(s.ends_at))
                         .BindInt(5, ToUnixNanos(s.updated_at))
                         .BindText(6, s.created_by)
                         .BindText(7, s.comment)
                         .BindBlob(8, rows->blobs[i].second)
                         .Run();
          if (!r.ok()) return r;
        }
        return Status::Ok();
      },
      CommitWriter::Starter::kWaiter);
  return [writer, ticket] { return writer->Wait(ticket); };
}

Status SqliteSilenceStore::Delete(const std::vector<std::string>& ids) {
  if (ids.empty()) return Status::Ok();
  return writer_.Write([&](Database& db) -> Status {
    Result<Statement*> st = db.Cached("DELETE FROM silences WHERE id = ?1");
    if (!st.ok()) return Error{st.error()};
    for (const std::string& id : ids) {
      if (Status r = (*st)->BindText(1, id).Run(); !r.ok()) return r;
    }
    return Status::Ok();
  });
}

Result<std::vector<Silence>> SqliteSilenceStore::LoadAll() {
  std::vector<Silence> out;
  std::uint64_t skipped = 0;
  Status s = writer_.Write([&](Database& db) -> Status {
    out.clear();  // the mutation may be retried
    skipped = 0;
    Result<Statement> st = db.Prepare(
        "SELECT id, matchers, starts_at, ends_at, updated_at, created_by, comment, annotations "
        "FROM silences");
    if (!st.ok()) return Error{st.error()};
    for (;;) {
      Result<bool> row = st->Step();
      if (!row.ok()) return Error{row.error()};
      if (!*row) return Status::Ok();
      Result<Matchers> matchers = DecodeSilenceMatchers(st->ColumnBlob(1));
      Result<LabelSet> annotations = DecodeSilenceAnnotations(st->ColumnBlob(7));
      if (!matchers.ok() || !annotations.ok()) {
        ++skipped;
        continue;
      }
      Silence sil;
      sil.id = std::string(st->ColumnText(0));
      sil.matchers = std::move(*matchers);
      sil.starts_at = FromUnixNanos(st->ColumnInt(2));
      sil.ends_at = FromUnixNanos(st->ColumnInt(3));
      sil.updated_at = FromUnixNanos(st->ColumnInt(4));
      sil.created_by = std::string(st->ColumnText(5));
      sil.comment = std::string(st->ColumnText(6));
      sil.annotations = std::move(*annotations);
      out.push_back(std::move(sil));
    }
  });
  if (!s.ok()) return Error{s.error()};
  skipped_.fetch_add(skipped);
  return out;
}

}  // namespace overlord
