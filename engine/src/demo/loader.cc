#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/demo/demo.h"
#include "homeward/policy/national.h"
#include "homeward/reference/reference.h"
#include "homeward/screening/screening.h"
#include "homeward/store/database.h"
#include "internal/history.h"

namespace homeward::demo {
namespace {

// Records per write transaction: large enough that a commit's fsync is paid for thousands of
// rows, small enough that a batch stays a few megabytes.
constexpr size_t kBatchRecords = 5000;

// Everything one transaction stores, in foreign-key order.
struct Batch {
  std::vector<model::ApiKey> api_keys;
  std::vector<model::Employer> employers;
  std::vector<model::Vacancy> vacancies;
  std::vector<model::Training> trainings;
  std::vector<model::Programme> programmes;
  std::vector<model::Individual> individuals;
  std::vector<internal::PersonHistory> histories;  // of `individuals`

  size_t size() const {
    return employers.size() + vacancies.size() + trainings.size() + programmes.size() +
           individuals.size();
  }

  Status StoreIn(store::WriteTx& tx) const {
    for (const auto& key : api_keys) HW_RETURN_IF_ERROR(tx.api_keys().Create(key).status());
    for (const auto& employer : employers)
      HW_RETURN_IF_ERROR(tx.employers().Create(employer).status());
    for (const auto& vacancy : vacancies)
      HW_RETURN_IF_ERROR(tx.vacancies().Create(vacancy).status());
    for (const auto& training : trainings)
      HW_RETURN_IF_ERROR(tx.trainings().Create(training).status());
    for (const auto& programme : programmes)
      HW_RETURN_IF_ERROR(tx.programmes().Create(programme).status());
    for (const auto& person : individuals)
      HW_RETURN_IF_ERROR(tx.individuals().Create(person).status());
    for (const auto& history : histories) HW_RETURN_IF_ERROR(internal::StoreHistory(tx, history));
    return Status::Ok();
  }
};

// Stores generated records in batches, one batch committing on the writer thread while the
// next is generated here.
class StoreSink : public DemoSink {
 public:
  StoreSink(store::Database& db, const LoadHooks& hooks, int64_t total, const DemoOptions& options)
      : db_(db), hooks_(hooks), total_(total), options_(options), planner_(options) {}

  Status OnEmployer(model::Employer employer, std::vector<model::Vacancy> vacancies,
                    bool /*front*/) override {
    // Ids are given here rather than by the store so that vacancies can name their employer
    // before either is stored.
    employer.meta.id = NewId("emp");
    for (model::Vacancy& vacancy : vacancies) {
      vacancy.meta.id = NewId("vac");
      vacancy.employer_id = employer.meta.id;
      if (hooks_.prepare_vacancy) {
        hooks_.prepare_vacancy(vacancy, employer);
      } else {
        screening::ScreenAndApply(vacancy, employer, national_, options_.today);
      }
      if (options_.history) {
        planner_.AddVacancy(vacancy);
        if (vacancy.closes_on && *vacancy.closes_on < options_.today) {
          past_vacancies_.push_back(vacancy.meta.id);
        }
      }
      batch_.vacancies.push_back(std::move(vacancy));
    }
    batch_.employers.push_back(std::move(employer));
    return FlushWhenFull("employers and vacancies");
  }

  Status OnTraining(model::Training training) override {
    training.meta.id = NewId("trn");
    if (options_.history) planner_.AddTraining(training);
    batch_.trainings.push_back(std::move(training));
    return FlushWhenFull("trainings");
  }

  Status OnProgramme(model::Programme programme) override {
    programme.meta.id = NewId("prg");
    if (options_.history) planner_.AddProgramme(programme);
    batch_.programmes.push_back(std::move(programme));
    return FlushWhenFull("programmes");
  }

  Status OnIndividual(model::Individual person) override {
    if (hooks_.prepare_individual) hooks_.prepare_individual(person);
    if (options_.history) {
      person.meta.id = NewId("ind");
      batch_.histories.push_back(planner_.Plan(person, people_++, OfficerFor(person.province)));
    }
    batch_.individuals.push_back(std::move(person));
    return FlushWhenFull(options_.history ? "individuals and their history" : "individuals");
  }

  // Stores what is left, closes the past vacancies that nobody filled (their closing day has
  // passed, as their employers would) and waits until everything is on disk.
  Status Finish() {
    HW_RETURN_IF_ERROR(Flush(stage_));
    HW_RETURN_IF_ERROR(AwaitInFlight());
    for (size_t from = 0; from < past_vacancies_.size(); from += kBatchRecords) {
      const size_t to = std::min(past_vacancies_.size(), from + kBatchRecords);
      HW_RETURN_IF_ERROR(db_.Write([&](store::WriteTx& tx) -> Status {
        for (size_t i = from; i < to; ++i) {
          HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, tx.vacancies().Get(past_vacancies_[i]));
          if (vacancy.status != model::VacancyStatus::kOpen) continue;
          vacancy.status = model::VacancyStatus::kClosed;
          HW_RETURN_IF_ERROR(tx.vacancies().Update(std::move(vacancy)).status());
        }
        return Status::Ok();
      }));
    }
    return Status::Ok();
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
    HW_RETURN_IF_ERROR(AwaitInFlight());
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
    HW_RETURN_IF_ERROR(in_flight_.get());
    stored_ += static_cast<int64_t>(in_flight_size_);
    if (hooks_.progress) hooks_.progress(Progress{stage_, stored_, total_});
    return Status::Ok();
  }

  // The API key of the province's demo officer, who makes the history's referrals: stored with
  // the first person of the province, revoked (its secret was never drawn, so nobody can use it;
  // it names who acted in the referrals' history and audit rows).
  std::string OfficerFor(const std::string& province) {
    auto [it, added] = officers_.try_emplace(province);
    if (added) {
      model::ApiKey key;
      key.meta.id = NewId("key");
      key.role = model::Role::kOfficer;
      key.provinces = {province};
      key.label = "Demo officer " + province + " (demo history; revoked)";
      key.key_hash = NewId("h").substr(2) + NewId("h").substr(2);  // not a hash of any secret
      key.revoked_at = options_.today.ToString() + "T00:00:00Z";
      it->second = key.meta.id;
      batch_.api_keys.push_back(std::move(key));
    }
    return it->second;
  }

  store::Database& db_;
  const LoadHooks& hooks_;
  const int64_t total_;
  const DemoOptions& options_;
  internal::HistoryPlanner planner_;
  std::map<std::string, std::string> officers_;  // province -> API key id
  std::vector<std::string> past_vacancies_;
  int64_t people_ = 0;
  const policy::NationalPolicyProvider national_;
  Batch batch_;
  std::future<Status> in_flight_;
  size_t in_flight_size_ = 0;
  int64_t stored_ = 0;
  std::string_view stage_ = "employers and vacancies";
};

Status CheckEmpty(store::Database& db) {
  return db.Read([](store::ReadTx& tx) -> Status {
    HW_ASSIGN_OR_RETURN(int64_t people, tx.individuals().Count());
    HW_ASSIGN_OR_RETURN(int64_t employers, tx.employers().Count());
    HW_ASSIGN_OR_RETURN(int64_t vacancies, tx.vacancies().Count());
    HW_ASSIGN_OR_RETURN(int64_t trainings, tx.trainings().Count());
    if (people + employers + vacancies + trainings > 0) {
      return Status::FailedPrecondition("demo data goes into an empty database only");
    }
    return Status::Ok();
  });
}

}  // namespace

Status LoadDemo(store::Database& db, const DemoOptions& options, const LoadHooks& hooks) {
  HW_RETURN_IF_ERROR(CheckEmpty(db));
  const Counts total = options.Total();
  const Counts past = options.Past();
  const int64_t programmes =
      kProgrammesPerProvince *
          static_cast<int64_t>(reference::ReferenceData::Builtin().provinces().size()) +
      options.PastProgrammes();
  StoreSink sink(db, hooks,
                 total.individuals + total.employers + total.vacancies + past.vacancies +
                     total.trainings + past.trainings + programmes,
                 options);
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
