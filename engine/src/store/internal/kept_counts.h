// The kept counts the store moves itself (docs/formats/sqlite-schema.md, "Kept counts"): active
// people by province and vulnerability band. The score is only in the sealed doc, where no
// trigger can read it, so the individuals repository moves these counts in the statement's
// transaction, and migration 12 fills them from the rows a file holds. Private to the store.
#pragma once

#include "homeward/base/status.h"
#include "homeward/model/individual.h"

namespace homeward::store::internal {

class Connection;

// Moves the count of `person`'s province and band by `delta` when the person is active (nothing
// otherwise).
Status MoveVulnerabilityCount(Connection& connection, const model::Individual& person, int delta);

// Counts every active person of the file by province and band, opening sealed docs with the
// connection's keys, and stores the counts (replacing any kept before).
Status FillVulnerabilityCounts(Connection& connection);

}  // namespace homeward::store::internal
