// The vacancy review queue: vacancies held for review, riskiest first, for the officers and
// admins who work through it (GET /v1/vacancies?status=pending_review), and its figures for
// /v1/metrics. Private to the service.
#pragma once

#include <cstdint>
#include <optional>

#include "homeward/base/status.h"
#include "homeward/model/vacancy.h"
#include "homeward/store/database.h"

namespace homeward::service::internal {

// True when a list asks for exactly the vacancies pending review (the queue's order applies).
bool IsReviewQueue(const store::ListOptions& options);

// One page of the queue: vacancies pending review that match the other filters, ordered by
// blocking flags (most first), then the number of review flags (most first), then age (oldest
// first), then id. The cursor names the last item shown; INVALID_ARGUMENT for one this function
// did not issue. Reads every queued vacancy matching the filters (the queue is meant to be short).
StatusOr<store::Page<model::Vacancy>> ReviewQueuePage(const store::ReadTx& tx,
                                                      const store::ListOptions& options);

struct ReviewQueueStats {
  int64_t length = 0;
  std::optional<int64_t> oldest_age_seconds;  // of the entry waiting longest; none when empty
};
StatusOr<ReviewQueueStats> ReviewQueueFigures(const store::ReadTx& tx, int64_t now_unix_seconds);

}  // namespace homeward::service::internal
