// The kept counts the store moves itself (docs/formats/sqlite-schema.md, "Kept counts"): active
// people by province and vulnerability band, and the placements and programme outcomes the
// summary report counts. What they count is only in sealed docs (a person's score and sex, a
// referral's history), where no trigger can read it, so the repositories move these counts in
// the statement's transaction, and migrations 12 and 13 fill them from the rows a file holds.
// Private to the store.
#pragma once

#include <string_view>

#include "homeward/base/status.h"
#include "homeward/model/individual.h"
#include "homeward/model/referral.h"

namespace homeward::store::internal {

class Connection;

// Moves the count of `person`'s province and band by `delta` when the person is active (nothing
// otherwise).
Status MoveVulnerabilityCount(Connection& connection, const model::Individual& person, int delta);

// Counts every active person of the file by province and band, opening sealed docs with the
// connection's keys, and stores the counts (replacing any kept before).
Status FillVulnerabilityCounts(Connection& connection);

// Moves the referral counts from what `before` added to what `after` adds (either may be null: a
// referral created or deleted). The person's sex is read from the individuals table when a job
// placement is involved.
Status MoveReferralCounts(Connection& connection, const model::Referral* before,
                          const model::Referral* after);

// Moves the counts of every referral of person `individual_id` by `delta`, as if the person's
// sex were `sex`: -1 before the person is erased, and -1 with the old sex then +1 with the new
// one when the sex changes.
Status MovePersonReferralCounts(Connection& connection, std::string_view individual_id,
                                model::Sex sex, int delta);

// Counts every referral of the file (placements by month, day and sex, follow-ups, safeguards,
// programme outcomes) and stores the counts (replacing any kept before).
Status FillReferralCounts(Connection& connection);

}  // namespace homeward::store::internal
