#include "homeward/allocation/run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "homeward/base/id.h"
#include "homeward/policy/national.h"
#include "records.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::allocation {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;

// A province registered in a real store and indexed for matching, as the service keeps them.
class RunAllocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::Open(dir_.File("homeward.db"));
    ASSERT_THAT(opened, IsOk());
    db_ = std::move(*opened);
    context_.db = db_.get();
    context_.index = &index_;
    context_.policies = &policies_;

    ASSERT_THAT(db_->Write([&](store::WriteTx& tx) -> Status {
      model::Employer employer;
      employer.name = "Mekong Garments";
      employer.province = "KH-12";
      employer.sector = "garment";
      HW_ASSIGN_OR_RETURN(employer, tx.employers().Create(employer));
      for (double vulnerability : {20.0, 90.0, 50.0}) {
        HW_ASSIGN_OR_RETURN(model::Individual person,
                            tx.individuals().Create(Seamstress("", vulnerability)));
        people_.push_back(person);
      }
      for (int slots : {1, 1}) {
        model::Vacancy job = GarmentJob("", slots);
        job.employer_id = employer.meta.id;
        HW_ASSIGN_OR_RETURN(model::Vacancy stored, tx.vacancies().Create(job));
        vacancies_.push_back(stored);
      }
      return Status::Ok();
    }),
                IsOk());
    for (const auto& person : people_) index_.UpsertIndividual(person);
    for (const auto& vacancy : vacancies_) index_.UpsertVacancy(vacancy);
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  matching::MatchIndex index_;
  policy::NationalPolicyProvider policies_;
  AllocationContext context_;
  std::vector<model::Individual> people_;
  std::vector<model::Vacancy> vacancies_;
};

TEST_F(RunAllocationTest, ProposesAndStoresAnAssignmentWithoutReferringAnyone) {
  WorkerPool pool(1, 4);
  AllocationRequest request;
  request.province = "KH-12";
  request.kind = model::AllocationKind::kJob;
  request.created_by = "key_officer";
  std::promise<StatusOr<model::Allocation>> finished;
  ASSERT_THAT(
      RunAllocation(pool, context_, request,
                    [&](StatusOr<model::Allocation> r) { finished.set_value(std::move(r)); }),
      IsOk());
  ASSERT_OK_AND_ASSIGN(model::Allocation allocation, finished.get_future().get());

  EXPECT_TRUE(IsWellFormedId(allocation.meta.id, "alc"));
  EXPECT_EQ(allocation.province, "KH-12");
  EXPECT_EQ(allocation.assignments.size(), 2u);
  ASSERT_EQ(allocation.unassigned.size(), 1u);
  EXPECT_EQ(allocation.unassigned[0].individual_id, people_[0].meta.id)  // the least vulnerable
      << "two slots, three alike people";
  EXPECT_EQ(allocation.stats.people, 3);
  EXPECT_EQ(allocation.stats.opportunities, 2);
  EXPECT_GE(allocation.stats.total_score, allocation.stats.greedy_total_score);

  ASSERT_OK_AND_ASSIGN(model::Allocation stored, db_->Read([&](store::ReadTx& tx) {
    return tx.allocations().Get(allocation.meta.id);
  }));
  EXPECT_EQ(stored.assignments.size(), 2u);
  ASSERT_OK_AND_ASSIGN(int64_t referrals,
                       db_->Read([](store::ReadTx& tx) { return tx.referrals().Count(); }));
  EXPECT_EQ(referrals, 0) << "an allocation proposes; it refers no one";
  ASSERT_OK_AND_ASSIGN(auto audit, db_->Read([&](store::ReadTx& tx) {
    store::ListOptions options;
    options.filters = {{"subject", {allocation.meta.id}}};
    return tx.audit().List(options);
  }));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items[0].action, "allocation.create");
}

TEST_F(RunAllocationTest, AGivenListLimitsWhoIsPlacedAndAnUnknownPersonIsAnError) {
  AllocationRequest request;
  request.province = "KH-12";
  request.individuals = {people_[0].meta.id};
  ASSERT_OK_AND_ASSIGN(model::Allocation allocation,
                       ComputeAllocation(context_, request, Date{2026, 11, 28}));
  ASSERT_EQ(allocation.assignments.size(), 1u);
  EXPECT_EQ(allocation.assignments[0].individual_id, people_[0].meta.id);
  EXPECT_TRUE(allocation.unassigned.empty());

  request.individuals.push_back("ind_00000000000000000000000000000000");
  EXPECT_THAT(ComputeAllocation(context_, request, Date{2026, 11, 28}),
              StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace homeward::allocation
