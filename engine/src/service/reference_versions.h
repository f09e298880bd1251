// Reference data that admins replace through the API (exchange rates, destination costs): put
// back in force at start.
#pragma once

#include "homeward/base/status.h"
#include "homeward/store/database.h"

namespace homeward::service::internal {

// Puts in force the latest version of each document stored in `db`, or the shipped defaults
// where none was stored.
Status RestoreReferenceData(store::Database& db);

}  // namespace homeward::service::internal
