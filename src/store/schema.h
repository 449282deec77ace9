// Schema: the tables of overlord.db and their migrations, versioned by `PRAGMA user_version`.
//
// Version N means migrations 1..N have been applied. Each migration runs in its own
// transaction together with the user_version bump, so a crash leaves the database at a
// whole version. To add a table (e.g. silences), append a step in schema.cpp; never edit a
// step that has shipped.
#pragma once

#include <cstdint>

#include "model/result.h"
#include "store/database.h"

namespace overlord {

// The version this binary writes and understands.
std::int64_t LatestSchemaVersion();

// Brings `db` to LatestSchemaVersion(). Refuses a database whose version is newer (written
// by a later Overlord) rather than misreading it.
Status MigrateSchema(Database& db);

}  // namespace overlord
