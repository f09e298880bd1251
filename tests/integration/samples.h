// Request bodies the integration tests share: a garment worker who consents to matching,
// referral and sharing her details with employers, and a sewing vacancy she qualifies for (same
// district, within a kilometre of her home, her skills and occupation).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace homeward::testing {

inline nlohmann::json SamplePerson(const std::string& province, const std::string& given_name) {
  return {{"given_name", given_name},
          {"family_name", "Chan"},
          {"sex", "female"},
          {"birth_date", "2001-04-12"},
          {"province", province},
          {"district", "Chamkar Mon"},
          {"location", {{"lat", 11.5449}, {"lon", 104.9216}}},
          {"languages", {"km"}},
          {"education", "lower_secondary"},
          {"skills", {{{"code", "sewing_machine_operation"}, {"level", 3}}}},
          {"desired_occupations", {"8153"}},
          {"max_commute_km", 30},
          {"household", {{"size", 5}, {"dependents", 2}, {"monthly_income", 180}, {"debt", 900}}},
          {"consent",
           {{"given", true},
            {"date", "2026-11-01"},
            {"scope", {"matching", "referral", "data_sharing_employer"}}}}};
}

inline nlohmann::json SampleVacancy(const std::string& employer, const std::string& province,
                                    int slots, const std::string& title) {
  return {{"employer_id", employer},
          {"title", title},
          {"description", "Sewing machine operator on a day shift; training on the job."},
          {"occupation", "8153"},
          {"sector", "garment"},
          {"province", province},
          {"district", "Chamkar Mon"},
          {"location", {{"lat", 11.5502}, {"lon", 104.9189}}},
          {"slots", slots},
          {"wage", {{"amount", 290}, {"currency", "USD"}, {"period", "month"}}},
          {"hours_per_week", 48},
          {"contract", "permanent"},
          {"required_skills", {{{"code", "sewing_machine_operation"}, {"min_level", 2}}}}};
}

// A broker's offer of building work in Bangkok in baht, the fees paid with a loan, through the
// irregular channel (docs/offer-comparison.md).
inline nlohmann::json SampleOffer() {
  return {{"destination", {{"country", "TH"}, {"place", "bangkok"}}},
          {"wage", {{"amount", 12000}, {"currency", "THB"}, {"period", "month"}}},
          {"hours_per_week", 60},
          {"recruitment_fees", {{"amount", 20000}, {"currency", "THB"}, {"period", "month"}}},
          {"fees_financed_by_debt", true},
          {"debt_interest_rate_month", 0.05},
          {"channel", "irregular"},
          {"employer_holds_documents", true},
          {"description",
           "Building work in Bangkok. The broker keeps your passport until the "
           "debt is repaid."}};
}

}  // namespace homeward::testing
