// A province-wide allocation from request to stored record, as POST /v1/allocations runs it:
// read the province's people and opportunities from the store, ask the matching index for each
// person's best K, solve, and store the proposal. No HTTP here, and no referral is made.
//
// Thread-safety: ComputeAllocation may run on any thread (it reads the store and the index,
// both thread-safe); RunAllocation queues the work on a WorkerPool and completes on the store's
// writer thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "homeward/allocation/adapter.h"
#include "homeward/allocation/solver.h"
#include "homeward/allocation/worker_pool.h"
#include "homeward/base/clock.h"
#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/matching/match_index.h"
#include "homeward/model/allocation.h"
#include "homeward/policy/province_policy.h"
#include "homeward/store/database.h"

namespace homeward::allocation {

struct AllocationRequest {
  std::string province;  // ISO 3166-2:KH: whose vacancies and trainings are allocated
  model::AllocationKind kind = model::AllocationKind::kAll;
  // The people to place; empty means every active person registered in the province.
  std::vector<std::string> individuals;
  std::string created_by;  // API key id
  // Called in the transaction that stores the record, after it is created; its error rolls the
  // record back (the service keeps an Idempotency-Key's row this way). May be empty.
  std::function<Status(store::WriteTx&, const model::Allocation&)> in_storing_transaction;
};

// What an allocation reads and how it solves. The referenced objects must outlive every
// allocation run with them.
struct AllocationContext {
  store::Database* db = nullptr;
  const matching::MatchIndex* index = nullptr;
  const policy::PolicyProvider* policies = nullptr;
  Options solver;
  int candidates_per_person = 20;
  const Clock* clock = &Clock::System();  // RunAllocation allocates as of its date
};

// Computes the allocation for `request` as of `today` and returns the record to store (no id
// yet). NOT_FOUND when a listed person does not exist; the store's, index's or solver's error
// otherwise.
StatusOr<model::Allocation> ComputeAllocation(const AllocationContext& context,
                                              const AllocationRequest& request, const Date& today);

// Runs ComputeAllocation on `pool`, stores the record with an audit row ("allocation.create")
// and calls `done` with the stored record (or the first error) on the store's writer thread, or
// on the worker when it failed before storing. RESOURCE_EXHAUSTED at once, without calling
// `done`, when the pool's queue is full.
Status RunAllocation(WorkerPool& pool, const AllocationContext& context, AllocationRequest request,
                     std::function<void(StatusOr<model::Allocation>)> done);

}  // namespace homeward::allocation
