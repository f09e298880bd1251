// The numbered schema migrations, all in one place (migrations.cc), documented in
// docs/formats/sqlite-schema.md. Private to the store.
#pragma once

#include "homeward/base/status.h"

namespace homeward::store::internal {

class Connection;

// The schema version this build writes (PRAGMA user_version after every migration ran).
int LatestSchemaVersion();

// Brings the database on `connection` (the writer) to LatestSchemaVersion(), each migration in
// its own transaction. FAILED_PRECONDITION when the file is newer than this build.
Status Migrate(Connection& connection);

}  // namespace homeward::store::internal
