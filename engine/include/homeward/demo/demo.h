// Demo data: a deterministic generator of realistic records for the eight programme provinces
// (KH-12, KH-14, KH-3, KH-9, KH-18, KH-2, KH-17, KH-1), and a bulk loader into the store.
// What the records look like is described in docs/demo-data.md.
//
// Deterministic: the same options give the same records, field for field, on any machine (the
// generator draws from std::mt19937_64 streams and maps them to ranges itself). Ids and
// timestamps are not part of a generated record; the store gives them when loading.
//
// Thread-safety: Generate and LoadDemo keep no state between calls and may run concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"

namespace homeward::store {
class Database;
}  // namespace homeward::store

namespace homeward::demo {

// How many records of each kind one unit of scale makes.
struct Counts {
  int64_t individuals = 2000;
  int64_t employers = 300;
  int64_t vacancies = 1500;
  int64_t trainings = 200;
};

// How many programmes the demo has in each of the 25 provinces, whatever the scale: one of each
// kind it shows (docs/demo-data.md, "Programmes").
inline constexpr int64_t kProgrammesPerProvince = 6;

// History (docs/demo-data.md, "History"): the referrals of the kHistoryDays before the demo's
// today, to the vacancies and trainings of that time (two thirds as many past vacancies and half
// as many past trainings as today's) and to kProgrammeRounds earlier rounds of each programme,
// one every kProgrammeRoundDays.
inline constexpr int kHistoryDays = 730;
inline constexpr int kProgrammeRounds = 4;
inline constexpr int kProgrammeRoundDays = 182;

struct DemoOptions {
  uint64_t seed = 20261128;
  // Multiplies every count: --scale 500 makes a million individuals.
  int64_t scale = 1;
  Counts per_scale;
  // The day the data is "as of": birth dates, consent dates, start and closing dates are drawn
  // around it. Fixed by default so that a seed means the same records on any day.
  Date today{2026, 11, 28};
  // Two years of history: past opportunities, and referrals through their lifecycle (stored by
  // LoadDemo only). Without it nobody has a referral and nobody is placed.
  bool history = true;

  Counts Total() const;
  // The past vacancies and trainings made beside Total() (individuals and employers: 0), or none
  // without history.
  Counts Past() const;
  // The past programmes made beside today's.
  int64_t PastProgrammes() const;
};

// Receives the generated records, in this order: every employer with its vacancies, then the
// trainings, then the programmes, then the individuals. With history, an employer's vacancies are
// today's followed by its past ones, the past trainings follow today's and the past rounds of
// programmes follow today's (a past opportunity is one announced before today; most have closed
// or ended). A non-OK status stops generation and is returned by Generate.
class DemoSink {
 public:
  virtual ~DemoSink() = default;
  // An employer and the vacancies it offers (each vacancy's employer_id is empty: the employer
  // has no id until it is stored). `front` marks the few fronts for traffickers, whose vacancies
  // are modelled on recruitment lures; every other vacancy is modelled on a legitimate one.
  virtual Status OnEmployer(model::Employer employer, std::vector<model::Vacancy> vacancies,
                            bool front) = 0;
  virtual Status OnTraining(model::Training training) = 0;
  // Livelihood programmes, after the trainings: a few in every province whatever the scale.
  virtual Status OnProgramme(model::Programme /*programme*/) { return Status::Ok(); }
  virtual Status OnIndividual(model::Individual individual) = 0;
};

// Generates Total() records of each kind, and Past() and PastProgrammes() past ones, into `sink`.
// INVALID_ARGUMENT for a scale below 1 or a negative count.
Status Generate(const DemoOptions& options, DemoSink& sink);

// How far a long-running load has come.
struct Progress {
  std::string_view stage;  // "employers and vacancies", "trainings", "individuals"
  int64_t done = 0;        // records stored so far, all kinds together
  int64_t total = 0;       // records to store, all kinds together
};

struct LoadHooks {
  // Runs on each vacancy before it is stored, with its stored employer: where the server
  // screens it with its plugins and sets its status. Without it, vacancies are screened with the
  // national defaults, so a stored vacancy's status always agrees with its screening.
  std::function<void(model::Vacancy&, const model::Employer&)> prepare_vacancy;
  // Runs on each person before they are stored (e.g. to compute their vulnerability score).
  std::function<void(model::Individual&)> prepare_individual;
  // Called after each stored batch, on the loading thread.
  std::function<void(const Progress&)> progress;
};

// Generates the demo data and stores it in batches of thousands of records per transaction.
// FAILED_PRECONDITION when the database already holds individuals, employers, vacancies or
// trainings; the first storage error otherwise (batches stored before it stay stored).
Status LoadDemo(store::Database& db, const DemoOptions& options, const LoadHooks& hooks);

// The same, with the two hooks the server uses.
Status LoadDemo(store::Database& db, const DemoOptions& options,
                std::function<void(model::Vacancy&, const model::Employer&)> prepare_vacancy,
                std::function<void(const Progress&)> progress);

}  // namespace homeward::demo
