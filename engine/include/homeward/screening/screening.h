// Safe-vacancy screening: the core rules that keep likely trafficking and forced-labour lures
// out of matching, the vacancy status they lead to, the officer's review decision and what an
// employer may see of it. Rules, sources and the plugin hook are documented in docs/screening.md;
// the phrase lists are data (engine/data/screening/rules.json, compiled into the engine).
//
// Every function here is pure apart from the vacancy it is given to change, and thread-safe: the
// embedded rule data is parsed once, on first use, and never changed afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "homeward/base/status.h"
#include "homeward/base/time.h"
#include "homeward/model/employer.h"
#include "homeward/model/vacancy.h"
#include "homeward/policy/province_policy.h"

namespace homeward::screening {

// The statutory minimum wage in force on a day (engine/data/screening/legal-minimum-wage.json).
struct LegalMinimumWage {
  Date effective_from;
  double monthly_usd = 0;
  double probation_monthly_usd = 0;  // for workers on probation
  std::string source;
};

// The statutory minimum wage that covers `vacancy` on `day`: only the garment, footwear and
// travel-goods sector has one (by the vacancy's sector, or a garment occupation in
// manufacturing). nullopt for every other vacancy, and before the first known rate.
std::optional<LegalMinimumWage> LegalMinimumWageFor(const model::Vacancy& vacancy, const Date& day);

// True when the vacancy is hazardous work that the law closes to people under 18: a hazardous
// occupation of the reference data, a hazardous sector (construction, fishing, mining, brick
// kilns, entertainment, security) or a hazardous workplace named in its text.
bool IsHazardousWork(const model::Vacancy& vacancy);

// The longest working week screening accepts (engine/data/screening/rules.json
// "max_hours_per_week", with its basis in the Labour Law); check-ins use it too.
double MaxHoursPerWeek();

// The text every rule reads, and that plugins receive through the SDK: see docs/screening.md
// ("Text"). Deterministic and thread-safe.
std::string NormaliseText(std::string_view text);

// Runs the core rules and then the province's own rules (`policy.ScreenVacancy`) on a vacancy,
// as on `day` (which statutory minimum wage is in force, whether a licence has expired).
// Deterministic: flags come block first, then review, then info; within a severity, core rules in
// the order of docs/screening.md and then the province's flags in the order the policy gave them.
// A province flag without a "plugin:" source is attributed to "plugin:<policy.Source()>/<code>".
// The status is blocked if any flag blocks, review if any flag asks for review, else clear.
model::Screening Screen(const model::Vacancy& vacancy, const model::Employer& employer,
                        const policy::ProvincePolicy& policy, const Date& day);

// What the server does to every vacancy it writes: screens it with its province's policy from
// `policies` as on `day` and stores the result on it (ApplyScreening).
void ScreenAndApply(model::Vacancy& vacancy, const model::Employer& employer,
                    const policy::PolicyProvider& policies, const Date& day);

// The vacancy status a screening leads to, given the officer's decision `prior` still in force
// (approve keeps a review-level vacancy open, block keeps it blocked); a block flag always blocks.
model::VacancyStatus StatusAfterScreening(const model::Screening& screening,
                                          const std::optional<model::ReviewDecision>& prior);

// Stores a fresh screening on a vacancy that was created or changed and sets its status. An
// earlier approval stays in force only while every review flag it approved is still the only
// review flag raised; a new review flag sends the vacancy back to pending_review (and drops the
// approval), any block flag blocks it. An officer's block stays in force. A filled or closed
// vacancy keeps its status unless the screening blocks it.
void ApplyScreening(model::Vacancy& vacancy, model::Screening screening);

// Records an officer's or admin's review of a vacancy held for review: `decision` is "approve"
// (-> open) or "block" (-> blocked), `note` is required, `actor` is the API key id and `now` an
// RFC 3339 time. FAILED_PRECONDITION (409) when the vacancy is not pending_review or when
// approving it would override an open safety review of its employer (flag worker_report),
// INVALID_ARGUMENT for an unknown decision or an empty note; the vacancy is unchanged on error.
Status ApplyReview(model::Vacancy& vacancy, std::string_view decision, std::string_view note,
                   std::string_view actor, std::string_view now);

// What the vacancy's employer may see of a screening: the status and, once per flag code, a
// reason safe to show with its public basis. Info flags, matched phrases, thresholds and province
// rule details are left out so that the screening cannot be used to learn how to evade it.
model::Screening EmployerView(const model::Screening& screening);

}  // namespace homeward::screening
