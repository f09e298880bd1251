// Employers and their vacancies: a vacancy is screened on every write, and waits for review
// (pending_review) until screening clears it; safety reviews of employers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/employer.h"
#include "homeward/model/referral.h"
#include "homeward/model/vacancy.h"
#include "homeward/service/caller.h"
#include "homeward/store/repository.h"

namespace homeward::service {

class Employers {
 public:
  explicit Employers(internal::Context& context) : context_(&context) {}

  // Employers. Only admins see which referrals a safety review came from (its referral_ids).
  void CreateEmployer(const Caller& caller, model::Employer employer, Done<model::Employer> done);
  StatusOr<model::Employer> GetEmployer(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Employer>> ListEmployers(const Caller& caller,
                                                       store::ListOptions options) const;
  void UpdateEmployer(const Caller& caller, std::string id, Edit<model::Employer> edit,
                      Done<model::Employer> done);

  // An admin closes the employer's open safety review ("cleared" or "confirmed", with a note;
  // referral::CloseSafetyReview) and its vacancies are screened again: cleared lifts the
  // worker_report flag, confirmed blocks them all.
  void CloseSafetyReview(const Caller& caller, std::string id, std::string decision,
                         std::string note, Done<model::Employer> done);

  // The people a safety review of the employer concerns, as referrals the caller may see (those
  // referred to, interviewing with or placed with it, and the ones whose reports opened the
  // review): officers and admins; empty without a review.
  StatusOr<std::vector<model::Referral>> SafetyReviewAffected(const Caller& caller,
                                                              std::string_view employer_id);

  // Vacancies, with the four calls employers have above: a written vacancy waits for review
  // (pending_review) until screening clears it.
  void CreateVacancy(const Caller& caller, model::Vacancy vacancy, Done<model::Vacancy> done);
  StatusOr<model::Vacancy> GetVacancy(const Caller& caller, std::string_view id) const;
  StatusOr<store::Page<model::Vacancy>> ListVacancies(const Caller& caller,
                                                      store::ListOptions options) const;
  void UpdateVacancy(const Caller& caller, std::string id, Edit<model::Vacancy> edit,
                     Done<model::Vacancy> done);

  // An officer's or admin's decision on a vacancy held for review ("approve" or "block", with
  // a note); FAILED_PRECONDITION when it is not pending_review.
  void ReviewVacancy(const Caller& caller, std::string id, std::string decision, std::string note,
                     Done<model::Vacancy> done);

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
