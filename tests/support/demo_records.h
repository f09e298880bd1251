// The records the demo generator makes, collected in memory (for tests that read what the
// product generates rather than records made up for the test). Link homeward_demo.
#pragma once

#include <utility>
#include <vector>

#include "homeward/demo/demo.h"

namespace homeward::testing {

// Everything demo::Generate produced, in order.
struct DemoRecords : demo::DemoSink {
  std::vector<model::Employer> employers;
  std::vector<std::vector<model::Vacancy>> vacancies;  // per employer
  std::vector<model::Training> trainings;
  std::vector<model::Programme> programmes;
  std::vector<model::Individual> individuals;

  Status OnEmployer(model::Employer e, std::vector<model::Vacancy> v, bool /*front*/) override {
    employers.push_back(std::move(e));
    vacancies.push_back(std::move(v));
    return Status::Ok();
  }
  Status OnTraining(model::Training t) override {
    trainings.push_back(std::move(t));
    return Status::Ok();
  }
  Status OnProgramme(model::Programme p) override {
    programmes.push_back(std::move(p));
    return Status::Ok();
  }
  Status OnIndividual(model::Individual i) override {
    individuals.push_back(std::move(i));
    return Status::Ok();
  }

  std::vector<model::Vacancy> AllVacancies() const {
    std::vector<model::Vacancy> all;
    for (const auto& list : vacancies) all.insert(all.end(), list.begin(), list.end());
    return all;
  }
};

}  // namespace homeward::testing
