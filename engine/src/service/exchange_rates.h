// Exchange rates in the service: put back in force at start (not installed).
#pragma once

#include "homeward/base/status.h"
#include "homeward/store/database.h"

namespace homeward::service::internal {

// Puts in force the latest table stored in `db`, or the shipped defaults when none was stored.
Status RestoreExchangeRates(store::Database& db);

}  // namespace homeward::service::internal
