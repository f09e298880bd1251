// The API's bodies (docs/api.md): how the typed values the service answers are written as JSON
// and CSV. This is one of the project's three data contracts, each pinned by a test of its own:
// these bodies (api_views_test, against tests/data/api/bodies/), the stored `doc`
// (store/internal/codec.h, DocContractTest) and the plugins' input (schemas/plugin-*-input,
// json_contract_test). A record's fields are written by model/json.h for all three today;
// a field renamed there fails the tests of every contract it reaches.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "homeward/matching/match.h"
#include "homeward/plugin/plugin_host.h"
#include "homeward/reference/messages.h"
#include "homeward/referral/report.h"
#include "homeward/service/matching.h"
#include "homeward/service/people.h"
#include "homeward/service/referrals.h"

namespace homeward::api::views {

// A person's record: all of it, or model::ReducedView when the caller does not need to know.
nlohmann::json Person(const service::PersonView& view);

// A referral: for an employer, the history without notes and the person in model::MinimalView
// under "individual".
nlohmann::json Referral(const service::ReferralView& view);

// A check-in with its "referral_id", and "safety_review_opened": true when it opened one.
nlohmann::json CheckIn(const service::RecordedCheckIn& recorded);

// The matches route's body, {"items": [...]}, serialized: each item the opportunity, "kind",
// "score", "components" and "rules" (docs/matching.md), trainings' "closes_skills", and
// "unlocks" when there are any; explanations in `language`.
std::string Matches(const std::vector<service::MatchedOpportunity>& items,
                    reference::Language language);

// The candidates route's items: each the person in model::MinimalView under "individual", with
// the match as in Matches and the person's "vulnerability".
nlohmann::json Candidates(const std::vector<service::Candidate>& candidates);

// The summary report: {"generated_at", "provinces": [summary...], "overall": summary}; each
// summary holds "province", "people_by_status", "vacancies_by_screening",
// "referrals_by_status", "placements", "placements_by_sex", "placements_by_month": [{"month",
// "placements", "retained_3m", "retained_6m"}...], "vulnerability_distribution", "enrolments",
// "programme_enrolments", "programme_income_verified", "retention": {"3m": {...}, "6m": {...}},
// "follow_ups_due", "safeguards".
nlohmann::json Summary(const referral::SummaryReport& report);

// The summary report as RFC 4180 CSV, one figure per line: "province,measure,category,value"
// with a header line, the provinces first and then "all" (rates as decimals, empty when
// unknown).
std::string SummaryCsv(const referral::SummaryReport& report);

// A plugin (schemas/plugin.schema.json) and a province (schemas/province.schema.json).
nlohmann::json Plugin(const plugin::PluginView& view);
nlohmann::json Province(const plugin::ProvinceView& view);

}  // namespace homeward::api::views
