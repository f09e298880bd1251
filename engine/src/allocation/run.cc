#include "homeward/allocation/run.h"

#include <memory>
#include <utility>

#include "homeward/model/json.h"

namespace homeward::allocation {
namespace {

StatusOr<std::vector<model::Individual>> ReadPeople(const store::ReadTx& tx,
                                                    const AllocationRequest& request) {
  std::vector<model::Individual> people;
  if (!request.individuals.empty()) {
    for (const std::string& id : request.individuals) {
      HW_ASSIGN_OR_RETURN(model::Individual person, tx.individuals().Get(id));
      people.push_back(std::move(person));
    }
    return people;
  }
  HW_RETURN_IF_ERROR(tx.individuals().ForEach(
      {{"province", {request.province}}, {"status", {"active"}}}, [&](model::Individual&& person) {
        people.push_back(std::move(person));
        return Status::Ok();
      }));
  return people;
}

struct Opportunities {
  std::vector<model::Vacancy> vacancies;
  std::vector<model::Training> trainings;
  std::vector<model::Programme> programmes;
};

StatusOr<Opportunities> ReadOpportunities(const store::ReadTx& tx,
                                          const AllocationRequest& request) {
  Opportunities out;
  using model::AllocationKind;
  const AllocationKind kind = request.kind;
  if (kind == AllocationKind::kJob || kind == AllocationKind::kAll) {
    HW_RETURN_IF_ERROR(tx.vacancies().ForEach(
        {{"province", {request.province}}, {"status", {"open"}}}, [&](model::Vacancy&& v) {
          out.vacancies.push_back(std::move(v));
          return Status::Ok();
        }));
  }
  if (kind == AllocationKind::kTraining || kind == AllocationKind::kAll) {
    HW_RETURN_IF_ERROR(
        tx.trainings().ForEach({{"province", {request.province}}}, [&](model::Training&& t) {
          out.trainings.push_back(std::move(t));
          return Status::Ok();
        }));
  }
  if (kind == AllocationKind::kProgramme || kind == AllocationKind::kAll) {
    HW_RETURN_IF_ERROR(
        tx.programmes().ForEach({{"province", {request.province}}}, [&](model::Programme&& p) {
          out.programmes.push_back(std::move(p));
          return Status::Ok();
        }));
  }
  return out;
}

}  // namespace

StatusOr<model::Allocation> ComputeAllocation(const AllocationContext& context,
                                              const AllocationRequest& request, const Date& today) {
  // One snapshot for people and opportunities alike.
  struct Snapshot {
    std::vector<model::Individual> people;
    Opportunities opportunities;
  };
  HW_ASSIGN_OR_RETURN(Snapshot snapshot,
                      context.db->Read([&](store::ReadTx& tx) -> StatusOr<Snapshot> {
                        Snapshot s;
                        HW_ASSIGN_OR_RETURN(s.people, ReadPeople(tx, request));
                        HW_ASSIGN_OR_RETURN(s.opportunities, ReadOpportunities(tx, request));
                        return s;
                      }));

  AdapterOptions adapter;
  adapter.kind = request.kind;
  adapter.candidates_per_person = context.candidates_per_person;
  HW_ASSIGN_OR_RETURN(
      Problem problem,
      BuildProblemFromIndex(*context.index, *context.policies, today, snapshot.people,
                            snapshot.opportunities.vacancies, snapshot.opportunities.trainings,
                            adapter, snapshot.opportunities.programmes));
  HW_ASSIGN_OR_RETURN(Solution solution, Solve(problem, context.solver));

  model::Allocation record;
  record.province = request.province;
  record.kind = request.kind;
  record.individuals = request.individuals;
  record.created_by = request.created_by;
  RecordSolution(solution, record);
  return record;
}

Status RunAllocation(WorkerPool& pool, const AllocationContext& context, AllocationRequest request,
                     std::function<void(StatusOr<model::Allocation>)> done) {
  auto shared_done =
      std::make_shared<std::function<void(StatusOr<model::Allocation>)>>(std::move(done));
  // Taken before `request` moves into the computation.
  auto also = request.in_storing_transaction;
  return pool.Submit<model::Allocation>(
      [context, request = std::move(request)] {
        return ComputeAllocation(context, request, context.clock->Today());
      },
      [db = context.db, shared_done, also](StatusOr<model::Allocation> computed) {
        if (!computed.ok()) {
          (*shared_done)(computed.status());
          return;
        }
        auto stored = std::make_shared<std::optional<model::Allocation>>();
        db->Submit(
            [record = std::move(*computed), stored, also](store::WriteTx& tx) mutable -> Status {
              HW_ASSIGN_OR_RETURN(model::Allocation created,
                                  tx.allocations().Create(std::move(record)));
              if (also) HW_RETURN_IF_ERROR(also(tx, created));
              model::AuditEntry audit;
              audit.actor = created.created_by;
              audit.action = "allocation.create";
              audit.subject = created.meta.id;
              audit.outcome = "allowed";
              HW_RETURN_IF_ERROR(tx.audit().Append(std::move(audit)).status());
              stored->emplace(std::move(created));
              return Status::Ok();
            },
            [stored, shared_done](Status status) {
              if (!status.ok()) {
                (*shared_done)(std::move(status));
              } else {
                (*shared_done)(std::move(**stored));
              }
            });
      });
}

}  // namespace homeward::allocation
