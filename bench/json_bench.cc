// BM_ParseIndividual, BM_ValidateIndividualCreate, BM_ValidateInvalidBody, BM_ValidateVacancy:
// what strict parsing and schema validation cost a request (a typical POST body), and what a
// response check costs (a full vacancy as to_json emits it).
#include <benchmark/benchmark.h>

#include <string>

#include "homeward/json/json.h"

namespace homeward::json {
namespace {

const char kIndividual[] = R"({
  "given_name": "សុខា", "family_name": "Chan", "sex": "female", "birth_date": "2003-04-05",
  "province": "KH-12", "district": "Chbar Ampov", "commune": "Nirouth",
  "location": {"lat": 11.52, "lon": 104.95}, "languages": ["km", "en"],
  "education": "lower_secondary",
  "skills": [{"code": "garment_sewing", "level": 3}, {"code": "food_preparation", "level": 2},
             {"code": "retail_sales", "level": 1}],
  "desired_occupations": ["7533", "5120"], "max_commute_km": 15,
  "household": {"size": 5, "dependents": 2, "monthly_income": 180, "debt": 1200},
  "prior_migration": true, "survivor": false,
  "consent": {"given": true, "date": "2026-11-01", "scope": ["matching", "referral"]}
})";

const char kVacancy[] = R"({
  "id": "vac_0123456789abcdef0123456789abcdef", "created_at": "2026-11-28T13:44:32Z",
  "updated_at": "2026-11-28T13:44:32Z", "employer_id": "emp_0123456789abcdef0123456789abcdef",
  "title": "Sewing machine operator", "description": "Day shift, 48 hours a week, lunch provided.",
  "occupation": "7533", "sector": "garment", "province": "KH-12", "district": "Dangkao",
  "slots": 20, "wage": {"amount": 250, "currency": "USD", "period": "month"},
  "hours_per_week": 48, "contract": "fixed_term",
  "required_skills": [{"code": "garment_sewing", "min_level": 2}], "min_age": 18,
  "languages": ["km"], "benefits": ["meals", "transport"],
  "worker_fees": {"amount": 0, "currency": "USD", "period": "month"},
  "employer_holds_documents": false, "work_abroad": false, "status": "open",
  "screening": {"status": "clear", "flags": []}, "slots_filled": 3
})";

void BM_ParseIndividual(benchmark::State& state) {
  const std::string text = kIndividual;
  for (auto _ : state) {
    auto doc = Parse(text);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseIndividual);

void BM_ValidateIndividualCreate(benchmark::State& state) {
  const SchemaSet& set = SchemaSet::Builtin();
  const auto body = *Parse(kIndividual);
  for (auto _ : state) {
    Status status = set.Validate("individual.create.schema.json", body);
    benchmark::DoNotOptimize(status);
  }
}
BENCHMARK(BM_ValidateIndividualCreate);

void BM_ValidateInvalidBody(benchmark::State& state) {
  const SchemaSet& set = SchemaSet::Builtin();
  auto body = *Parse(kIndividual);
  body["sex"] = "f";
  body["province"] = "KH-99";
  body["skills"][0]["level"] = 9;
  body["role"] = "admin";
  for (auto _ : state) {
    Status status = set.Validate("individual.create.schema.json", body);
    benchmark::DoNotOptimize(status);
  }
}
BENCHMARK(BM_ValidateInvalidBody);

void BM_ValidateVacancy(benchmark::State& state) {
  const SchemaSet& set = SchemaSet::Builtin();
  const auto body = *Parse(kVacancy);
  for (auto _ : state) {
    Status status = set.Validate("vacancy.schema.json", body);
    benchmark::DoNotOptimize(status);
  }
}
BENCHMARK(BM_ValidateVacancy);

}  // namespace
}  // namespace homeward::json

BENCHMARK_MAIN();
