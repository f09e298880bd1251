// The scope rules (docs/api.md, "Roles and scope"): which records a caller may see and change,
// and what of them. A record out of scope reads as missing (NotFound). Pure functions of the
// caller and the record; tested one by one in tests/unit/service/scope_test.cc.
// Not installed; only engine/src/service includes it.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/allocation.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/programme.h"
#include "homeward/model/referral.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/referral/lifecycle.h"
#include "homeward/screening/screening.h"
#include "homeward/service/homeward.h"
#include "homeward/store/repository.h"

namespace homeward::service::internal {

using model::Role;

inline bool HasProvince(const Caller& caller, std::string_view province) {
  return std::find(caller.provinces.begin(), caller.provinces.end(), province) !=
         caller.provinces.end();
}

inline bool OwnsEmployer(const Caller& caller, std::string_view employer_id) {
  return caller.role == Role::kEmployer && caller.employer_id && *caller.employer_id == employer_id;
}

// People: admins, and officers of the person's province.
inline bool MaySeePersonIn(const Caller& c, const std::string& province) {
  return c.is_admin() || (c.role == Role::kOfficer && HasProvince(c, province));
}
inline bool MaySee(const Caller& c, const model::Individual& v) {
  return MaySeePersonIn(c, v.province);
}
inline bool MayChange(const Caller& c, const model::Individual& v) {
  return MaySee(c, v);
}
inline bool MaySee(const Caller& c, const model::Employer& v) {
  return c.is_admin() || c.role == Role::kOfficer || OwnsEmployer(c, v.meta.id);
}
inline bool MayChange(const Caller& c, const model::Employer& v) {
  return c.is_admin() || OwnsEmployer(c, v.meta.id);
}
inline bool MaySee(const Caller& c, const model::Vacancy& v) {
  return c.is_admin() || c.role == Role::kOfficer || OwnsEmployer(c, v.employer_id);
}
inline bool MayChange(const Caller& c, const model::Vacancy& v) {
  return c.is_admin() || OwnsEmployer(c, v.employer_id);
}
inline bool MaySee(const Caller& c, const model::Training& /*v*/) {
  return c.is_admin() || c.role == Role::kOfficer;
}
inline bool MayChange(const Caller& c, const model::Training& v) {
  return c.is_admin() || (c.role == Role::kOfficer && HasProvince(c, v.province));
}
// Programmes are scoped as trainings are.
inline bool MaySee(const Caller& c, const model::Programme& /*v*/) {
  return c.is_admin() || c.role == Role::kOfficer;
}
inline bool MayChange(const Caller& c, const model::Programme& v) {
  return c.is_admin() || (c.role == Role::kOfficer && HasProvince(c, v.province));
}
// A referral belongs to its opportunity's province (officers) and its vacancy's employer, who
// never sees a proposal nor a referral withdrawn with the person's consent. An officer also needs
// the person's province (`person_province`, empty when unknown): a referral carries notes about
// the person.
inline bool MaySeeReferral(const Caller& c, const model::Referral& v,
                           const std::string& person_province) {
  return c.is_admin() ||
         (c.role == Role::kOfficer && HasProvince(c, v.province) &&
          HasProvince(c, person_province)) ||
         (!v.employer_id.empty() && OwnsEmployer(c, v.employer_id) && referral::EmployerMaySee(v));
}
inline bool MaySee(const Caller& c, const model::Allocation& v) {
  return c.is_admin() || (c.role == Role::kOfficer && HasProvince(c, v.province));
}

// A vacancy as `c` may see it: its employer gets the employer view of the screening (the public
// reasons, never rule sources, matched phrases or plugin details) and the review's decision
// without the reviewer's note or key.
inline model::Vacancy ViewFor(const Caller& c, model::Vacancy v) {
  if (c.role != Role::kEmployer) return v;
  v.screening = screening::EmployerView(v.screening);
  if (v.review) {
    v.review->note.clear();
    v.review->by.clear();
  }
  return v;
}

// An employer as `c` may see it: a safety review's referral_ids would name the workers who spoke;
// only admins see them.
inline model::Employer ViewFor(const Caller& c, model::Employer v) {
  if (!c.is_admin() && v.safety_review) v.safety_review->referral_ids.clear();
  return v;
}

inline referral::Actor ActorOf(const Caller& c) {
  return {c.key_id, c.role, c.employer_id};
}

template <typename T>
inline Status NotFound() {
  return Status::NotFound("no such record");
}

// Narrows a list's filters to the caller's scope: `column` may only take values in `allowed`.
inline void RestrictFilter(store::Filters& filters, const std::string& column,
                           const std::vector<std::string>& allowed) {
  auto it = filters.find(column);
  if (it == filters.end()) {
    filters[column] = allowed;
    return;
  }
  std::vector<std::string> kept;
  for (const auto& value : it->second) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) kept.push_back(value);
  }
  it->second = std::move(kept);
}

}  // namespace homeward::service::internal
