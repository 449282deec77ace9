// Statement: one prepared SQLite statement, owned (finalized on destruction).
//
//   Result<Statement> st = db.Prepare("INSERT INTO t(a, b) VALUES(?1, ?2)");
//   st->BindInt(1, 42).BindText(2, "x");
//   Status s = st->Run();  // steps to completion and resets, ready for reuse
//
// Bind errors are remembered and reported by the next Step()/Run(), so call sites stay
// linear. A Statement belongs to the connection that prepared it and, like that connection,
// must be used by one thread at a time.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/result.h"

struct sqlite3_stmt;

namespace overlord {

class Statement {
 public:
  // Takes ownership of `stmt` (may be null: every call then fails).
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based. Text and blobs are copied by SQLite (SQLITE_TRANSIENT), so the
  // argument need not outlive the call.
  Statement& BindInt(int index, std::int64_t value);
  Statement& BindText(int index, std::string_view value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Advances one row: true when a row is available, false when done. After false or an
  // error the statement is reset (bindings are kept).
  Result<bool> Step();
  // Steps to completion, discarding rows, then resets.
  Status Run();
  // Forgets the current row so the statement can be stepped again from the start.
  void Reset();

  // Column accessors for the current row (0-based). Views are valid until the next Step().
  std::int64_t ColumnInt(int column) const;
  std::string_view ColumnText(int column) const;
  std::string_view ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  Status TakeBindError();
  void NoteBind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;  // first failed bind's SQLite code, 0 when none
  int bind_error_index_ = 0;
};

}  // namespace overlord
