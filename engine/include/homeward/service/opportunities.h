// Trainings and livelihood programmes: the opportunities beside vacancies.
#pragma once

#include <string>
#include <string_view>

#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/service/caller.h"
#include "homeward/store/repository.h"

namespace homeward::service {

// Each kind has the four calls Employers has for employers and vacancies (employers.h): create,
// get, list and update.
class Opportunities {
 public:
  explicit Opportunities(internal::Context& context) : context_(&context) {}

  // Trainings.
  void CreateTraining(const Caller& caller, model::Training training, Done<model::Training> done);
  StatusOr<model::Training> GetTraining(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Training>> ListTrainings(const Caller& caller,
                                                       store::ListOptions options) const;
  void UpdateTraining(const Caller& caller, std::string id, Edit<model::Training> edit,
                      Done<model::Training> done);

  // Programmes (docs/api.md, "Programmes"): scoped and audited as trainings are. Officers create
  // and change them in their provinces (PERMISSION_DENIED elsewhere) and read them everywhere;
  // employers and analysts may not.
  void CreateProgramme(const Caller& caller, model::Programme programme,
                       Done<model::Programme> done);
  StatusOr<model::Programme> GetProgramme(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Programme>> ListProgrammes(const Caller& caller,
                                                         store::ListOptions options) const;
  void UpdateProgramme(const Caller& caller, std::string id, Edit<model::Programme> edit,
                       Done<model::Programme> done);

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
