// How each resource maps onto its table: name, id prefix, and the indexed columns taken from the
// record (what list filters and foreign keys need). Private to the store; the tables themselves
// are in migrations.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/json.h"
#include "homeward/store/repository.h"

namespace homeward::store::internal {

template <typename T>
struct Column {
  std::string_view name;
  // The column's value for a record; nullopt stores NULL.
  std::optional<std::string> (*value)(const T&);
};

inline std::string Bool(bool b) {
  return b ? "true" : "false";
}
inline std::optional<std::string> Optional(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// Each specialization says what its table is called, its id prefix, its filter columns, and
// whether its doc is sealed (kSealed: personal data, encrypted at rest under the data key).
// The specializations below share one shape on purpose: the repository reads them generically.
template <typename T>
struct Resource;

template <>
struct Resource<model::Individual> {
  static constexpr std::string_view kTable = "individuals";
  static constexpr std::string_view kPrefix = "ind";
  static constexpr ResourceKind kKind = ResourceKind::kIndividual;
  // The doc is personal data: sealed at rest (docs/formats/sealed-records.md).
  static constexpr bool kSealed = true;
  static std::vector<Column<model::Individual>> Columns() {
    return {{"province",
             [](const model::Individual& v) -> std::optional<std::string> { return v.province; }},
            {"status", [](const model::Individual& v) -> std::optional<std::string> {
               return model::ToString(v.status);
             }}};
  }
};

template <>
struct Resource<model::Employer> {
  static constexpr std::string_view kTable = "employers";
  static constexpr std::string_view kPrefix = "emp";
  static constexpr ResourceKind kKind = ResourceKind::kEmployer;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::Employer>> Columns() {
    return {
        {"province",
         [](const model::Employer& v) -> std::optional<std::string> { return v.province; }},
        {"sector", [](const model::Employer& v) -> std::optional<std::string> { return v.sector; }},
        {"verified",
         [](const model::Employer& v) -> std::optional<std::string> { return Bool(v.verified); }}};
  }
};

template <>
struct Resource<model::Vacancy> {
  static constexpr std::string_view kTable = "vacancies";
  static constexpr std::string_view kPrefix = "vac";
  static constexpr ResourceKind kKind = ResourceKind::kVacancy;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::Vacancy>> Columns() {
    return {
        {"employer_id",
         [](const model::Vacancy& v) -> std::optional<std::string> { return v.employer_id; }},
        {"province",
         [](const model::Vacancy& v) -> std::optional<std::string> { return v.province; }},
        {"status",
         [](const model::Vacancy& v) -> std::optional<std::string> {
           return model::ToString(v.status);
         }},
        {"occupation",
         [](const model::Vacancy& v) -> std::optional<std::string> { return v.occupation; }},
        {"sector", [](const model::Vacancy& v) -> std::optional<std::string> { return v.sector; }},
        {"screening", [](const model::Vacancy& v) -> std::optional<std::string> {
           return model::ToString(v.screening.status);
         }}};
  }
};

template <>
struct Resource<model::Training> {
  static constexpr std::string_view kTable = "trainings";
  static constexpr std::string_view kPrefix = "trn";
  static constexpr ResourceKind kKind = ResourceKind::kTraining;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::Training>> Columns() {
    return {{"province",
             [](const model::Training& v) -> std::optional<std::string> { return v.province; }}};
  }
};

template <>
struct Resource<model::Programme> {
  static constexpr std::string_view kTable = "programmes";
  static constexpr std::string_view kPrefix = "prg";
  static constexpr ResourceKind kKind = ResourceKind::kProgramme;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::Programme>> Columns() {
    return {{"province",
             [](const model::Programme& v) -> std::optional<std::string> { return v.province; }},
            {"kind", [](const model::Programme& v) -> std::optional<std::string> {
               return model::ToString(v.kind);
             }}};
  }
};

template <>
struct Resource<model::Referral> {
  static constexpr std::string_view kTable = "referrals";
  static constexpr std::string_view kPrefix = "ref";
  static constexpr ResourceKind kKind = ResourceKind::kReferral;
  // The doc is personal data: sealed at rest (docs/formats/sealed-records.md).
  static constexpr bool kSealed = true;
  static std::vector<Column<model::Referral>> Columns() {
    using model::OpportunityKind;
    using model::Referral;
    return {
        {"individual_id",
         [](const Referral& v) -> std::optional<std::string> { return v.individual_id; }},
        {"opportunity_id",
         [](const Referral& v) -> std::optional<std::string> { return v.opportunity_id; }},
        {"vacancy_id",
         [](const Referral& v) -> std::optional<std::string> {
           if (v.kind != OpportunityKind::kJob) return std::nullopt;
           return v.opportunity_id;
         }},
        {"training_id",
         [](const Referral& v) -> std::optional<std::string> {
           if (v.kind != OpportunityKind::kTraining) return std::nullopt;
           return v.opportunity_id;
         }},
        {"programme_id",
         [](const Referral& v) -> std::optional<std::string> {
           if (v.kind != OpportunityKind::kProgramme) return std::nullopt;
           return v.opportunity_id;
         }},
        {"kind",
         [](const Referral& v) -> std::optional<std::string> { return model::ToString(v.kind); }},
        {"province", [](const Referral& v) -> std::optional<std::string> { return v.province; }},
        {"employer_id",
         [](const Referral& v) -> std::optional<std::string> { return Optional(v.employer_id); }},
        {"status",
         [](const Referral& v) -> std::optional<std::string> { return model::ToString(v.status); }},
        {"allocation_id",
         [](const Referral& v) -> std::optional<std::string> { return v.allocation_id; }},
    };
  }
};

template <>
struct Resource<model::Allocation> {
  static constexpr std::string_view kTable = "allocations";
  static constexpr std::string_view kPrefix = "alc";
  static constexpr ResourceKind kKind = ResourceKind::kAllocation;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::Allocation>> Columns() {
    return {{"province",
             [](const model::Allocation& v) -> std::optional<std::string> { return v.province; }},
            {"created_by", [](const model::Allocation& v) -> std::optional<std::string> {
               return v.created_by;
             }}};
  }
};

template <>
struct Resource<model::ApiKey> {
  static constexpr std::string_view kTable = "api_keys";
  static constexpr std::string_view kPrefix = "key";
  static constexpr ResourceKind kKind = ResourceKind::kApiKey;
  // The doc holds no personal data: stored as plain JSON.
  static constexpr bool kSealed = false;
  static std::vector<Column<model::ApiKey>> Columns() {
    return {{"role",
             [](const model::ApiKey& v) -> std::optional<std::string> {
               return model::ToString(v.role);
             }},
            {"key_hash",
             [](const model::ApiKey& v) -> std::optional<std::string> { return v.key_hash; }},
            {"employer_id",
             [](const model::ApiKey& v) -> std::optional<std::string> { return v.employer_id; }},
            {"revoked", [](const model::ApiKey& v) -> std::optional<std::string> {
               return Bool(v.revoked_at.has_value());
             }}};
  }
};

// The tables whose docs are sealed, for the checks and passes that run over all of them.
inline std::vector<std::string_view> SealedTables() {
  std::vector<std::string_view> tables;
  auto add = [&](auto resource) {
    using R = decltype(resource);
    if (R::kSealed) tables.push_back(R::kTable);
  };
  add(Resource<model::Individual>{});
  add(Resource<model::Employer>{});
  add(Resource<model::Vacancy>{});
  add(Resource<model::Training>{});
  add(Resource<model::Programme>{});
  add(Resource<model::Referral>{});
  add(Resource<model::Allocation>{});
  add(Resource<model::ApiKey>{});
  // Not a Resource<T>: stored by store/offer_comparisons.cc, with the same id and doc columns.
  tables.push_back("offer_comparisons");
  return tables;
}

}  // namespace homeward::store::internal
