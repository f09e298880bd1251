#include <future>
#include <memory>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/demo/demo.h"
#include "homeward/policy/national.h"
#include "homeward/reference/reference.h"
#include "homeward/screening/screening.h"
#include "homeward/store/database.h"

namespace homeward::demo {
namespace {

// Records per write transaction: large enough that a commit's fsync is paid for thousands of
// rows, small enough that a batch stays a few megabytes.
constexpr size_t kBatchRecords = 5000;

// Everything one transaction stores, in foreign-key order.
struct Batch {
  std::vector<model::Employer> employers;
  std::vector<model::Vacancy> vacancies;
  std::vector<model::Training> trainings;
  std::vector<model::Programme> programmes;
  std::vector<model::Individual> individuals;

  size_t size() const {
    return employers.size() + vacancies.size() + trainings.size() + programmes.size() +
           individuals.size();
  }

  Status StoreIn(store::WriteTx& tx) const {
    for (const auto& employer : employers)
      RETURN_IF_ERROR(tx.employers().Create(employer).status());
    for (const auto& vacancy : vacancies) RETURN_IF_ERROR(tx.vacancies().Create(vacancy).status());
    for (const auto& training : trainings)
      RETURN_IF_ERROR(tx.trainings().Create(training).status());
    for (const auto& programme : programmes)
      RETURN_IF_ERROR(tx.programmes().Create(programme).status());
    for (const auto& person : individuals)
      RETURN_IF_ERROR(tx.individuals().Create(person).status());
    return Status::Ok();
  }
};

// Stores generated records in batches, one batch committing on the writer thread while the
// next is generated here.
class StoreSink : public DemoSink {
 public:
  StoreSink(store::Database& db, const LoadHooks& hooks, int64_t total, const Date& today)
      : db_(db), hooks_(hooks), total_(total), today_(today) {}

  Status OnEmployer(model::Employer employer, std::vector<model::Vacancy> vacancies,
                    bool /*front*/) override {
    // Ids are given here rather than by the store so that vacancies can name their employer
    // before either is stored.
    employer.meta.id = NewId("emp");
    for (model::Vacancy& vacancy : vacancies) {
      vacancy.employer_id = employer.meta.id;
      if (hooks_.prepare_vacancy) {
        hooks_.prepare_vacancy(vacancy, employer);
      } else {
        screening::ScreenAndApply(vacancy, employer, national_, today_);
      }
      batch_.vacancies.push_back(std::move(vacancy));
    }
    batch_.employers.push_back(std::move(employer));
    return FlushWhenFull("employers and vacancies");
  }

  Status OnTraining(model::Training training) override {
    batch_.trainings.push_back(std::move(training));
    return FlushWhenFull("trainings");
  }

  Status OnProgramme(model::Programme programme) override {
    batch_.programmes.push_back(std::move(programme));
    return FlushWhenFull("programmes");
  }

  Status OnIndividual(model::Individual person) override {
    if (hooks_.prepare_individual) hooks_.prepare_individual(person);
    batch_.individuals.push_back(std::move(person));
    return FlushWhenFull("individuals");
  }

  // Stores what is left and waits until everything is on disk.
  Status Finish() {
    RETURN_IF_ERROR(Flush(stage_));
    return AwaitInFlight();
  }

  // Waits for the batch in flight and drops what was not sent yet.
  void Abandon() {
    AwaitInFlight().IgnoreError();
    batch_ = Batch();
  }

 private:
  Status FlushWhenFull(std::string_view stage) {
    stage_ = stage;
    return batch_.size() >= kBatchRecords ? Flush(stage) : Status::Ok();
  }

  Status Flush(std::string_view stage) {
    RETURN_IF_ERROR(AwaitInFlight());
    if (batch_.size() == 0) return Status::Ok();
    auto batch = std::make_shared<const Batch>(std::exchange(batch_, Batch()));
    auto outcome = std::make_shared<std::promise<Status>>();
    in_flight_ = outcome->get_future();
    in_flight_size_ = batch->size();
    stage_ = stage;
    db_.Submit([batch](store::WriteTx& tx) { return batch->StoreIn(tx); },
               [outcome](Status status) { outcome->set_value(std::move(status)); });
    return Status::Ok();
  }

  Status AwaitInFlight() {
    if (!in_flight_.valid()) return Status::Ok();
    RETURN_IF_ERROR(in_flight_.get());
    stored_ += static_cast<int64_t>(in_flight_size_);
    if (hooks_.progress) hooks_.progress(Progress{stage_, stored_, total_});
    return Status::Ok();
  }

  store::Database& db_;
  const LoadHooks& hooks_;
  const int64_t total_;
  const Date today_;
  const policy::NationalPolicyProvider national_;
  Batch batch_;
  std::future<Status> in_flight_;
  size_t in_flight_size_ = 0;
  int64_t stored_ = 0;
  std::string_view stage_ = "employers and vacancies";
};

Status CheckEmpty(store::Database& db) {
  return db.Read([](store::ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t people, tx.individuals().Count());
    ASSIGN_OR_RETURN(int64_t employers, tx.employers().Count());
    ASSIGN_OR_RETURN(int64_t vacancies, tx.vacancies().Count());
    ASSIGN_OR_RETURN(int64_t trainings, tx.trainings().Count());
    if (people + employers + vacancies + trainings > 0) {
      return Status::FailedPrecondition("demo data goes into an empty database only");
    }
    return Status::Ok();
  });
}

}  // namespace

Status LoadDemo(store::Database& db, const DemoOptions& options, const LoadHooks& hooks) {
  RETURN_IF_ERROR(CheckEmpty(db));
  const Counts total = options.Total();
  const int64_t programmes =
      kProgrammesPerProvince *
      static_cast<int64_t>(reference::ReferenceData::Builtin().provinces().size());
  StoreSink sink(
      db, hooks,
      total.individuals + total.employers + total.vacancies + total.trainings + programmes,
      options.today);
  Status generated = Generate(options, sink);
  if (!generated.ok()) {
    sink.Abandon();  // the writer may still hold a batch that refers to this sink
    return generated;
  }
  return sink.Finish();
}

Status LoadDemo(store::Database& db, const DemoOptions& options,
                std::function<void(model::Vacancy&, const model::Employer&)> prepare_vacancy,
                std::function<void(const Progress&)> progress) {
  LoadHooks hooks;
  hooks.prepare_vacancy = std::move(prepare_vacancy);
  hooks.progress = std::move(progress);
  return LoadDemo(db, options, hooks);
}

}  // namespace homeward::demo
