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
  // How many vacancies each of `employers` employers offers, summing to exactly `vacancies`.
  std::vector<int> VacancyCounts(int64_t employers, int64_t vacancies) const;
  // Vacancy `index` (over all vacancies), offered by `employer`.
  model::Vacancy MakeVacancy(const model::Employer& employer, bool front, int64_t index) const;
  model::Training MakeTraining(int64_t index) const;
  // The programmes of `province` (the `index`th of the reference provinces): one of each kind
  // the demo shows (docs/demo-data.md, "Programmes").
  std::vector<model::Programme> MakeProgrammes(const reference::Province& province,
                                               int64_t index) const;
  model::Individual MakeIndividual(int64_t index) const;

 private:
  Random StreamFor(Stream stream, int64_t index) const {
    return Random(options_.seed, stream, static_cast<uint64_t>(index));
  }
  model::Vacancy MakeLure(const model::Employer& employer, Random& random) const;
  double MonthlyWage(const std::string& sector, const std::string& province, int major,
                     Random& random) const;

  const DemoOptions& options_;
  const Catalogue& catalogue_;
};

}  // namespace homeward::demo::internal
