// Makes one demo record at a time from the record's own random stream. Private to the demo
// component; Generate() in generator.cc drives it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "homeward/demo/demo.h"
#include "internal/catalogue.h"
#include "internal/random.h"

namespace homeward::demo::internal {

class RecordMaker {
 public:
  RecordMaker(const DemoOptions& options, const Catalogue& catalogue)
      : options_(options), catalogue_(catalogue) {}

  // Employer `index`; `front` is set for a trafficker's front, whose vacancies are lures.
  model::Employer MakeEmployer(int64_t index, bool* front) const;
  // How many vacancies each of `employers` employers offers, summing to exactly `vacancies`
  // (`stream`: kVacancyCount for today's vacancies, kPastVacancyCount for the past ones).
  std::vector<int> VacancyCounts(int64_t employers, int64_t vacancies,
                                 Stream stream = Stream::kVacancyCount) const;
  // Vacancy `index` (over all vacancies), offered by `employer`.
  model::Vacancy MakeVacancy(const model::Employer& employer, bool front, int64_t index) const;
  // Past vacancy `index`, posted on a day of the two years before today (kHistoryDays).
  model::Vacancy MakePastVacancy(const model::Employer& employer, bool front, int64_t index) const;
  model::Training MakeTraining(int64_t index) const;
  // Past training `index`, announced on a day of the two years before today.
  model::Training MakePastTraining(int64_t index) const;
  // The programmes of `province` (the `index`th of the reference provinces): one of each kind
  // the demo shows (docs/demo-data.md, "Programmes").
  std::vector<model::Programme> MakeProgrammes(const reference::Province& province,
                                               int64_t index) const;
  // The `round`th earlier round (1, 2, ...) of those programmes, announced `round` times
  // kProgrammeRoundDays before today.
  std::vector<model::Programme> MakePastProgrammes(const reference::Province& province,
                                                   int64_t index, int round) const;
  model::Individual MakeIndividual(int64_t index) const;

 private:
  Random StreamFor(Stream stream, int64_t index) const {
    return Random(options_.seed, stream, static_cast<uint64_t>(index));
  }
  model::Vacancy MakeVacancy(const model::Employer& employer, bool front, Random& random,
                             const Date& as_of) const;
  model::Training MakeTraining(Random& random, const Date& as_of) const;
  std::vector<model::Programme> MakeProgrammes(const reference::Province& province, Random& random,
                                               const Date& as_of) const;
  model::Vacancy MakeLure(const model::Employer& employer, Random& random, const Date& as_of) const;
  double MonthlyWage(const std::string& sector, const std::string& province, int major,
                     Random& random) const;

  const DemoOptions& options_;
  const Catalogue& catalogue_;
};

}  // namespace homeward::demo::internal
