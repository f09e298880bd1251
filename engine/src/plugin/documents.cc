#include "internal/documents.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <utility>

#include "homeward/base/time.h"
#include "homeward/policy/national.h"

namespace homeward::plugin::internal {
namespace {

using Json = nlohmann::json;

// Collects the problems of one document as JSON-pointer field errors.
class Problems {
 public:
  void Add(std::string path, std::string message) {
    errors_.push_back({std::move(path), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  Status ToStatus(std::string_view what) const {
    if (errors_.empty()) return Status::Ok();
    std::string message =
        std::string(what) + ": " + errors_.front().path + " " + errors_.front().message;
    if (errors_.size() > 1) message += " (and " + std::to_string(errors_.size() - 1) + " more)";
    return Status::InvalidArgument(std::move(message), errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

bool IsNumber(const Json& j) {
  return j.is_number() && std::isfinite(j.get<double>());
}

bool MatchesId(std::string_view s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) ||
                     std::isdigit(static_cast<unsigned char>(s[0])))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

bool IsIsco(std::string_view s) {
  return !s.empty() && s.size() <= 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSha256(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsVersion(std::string_view s) {
  // MAJOR.MINOR.PATCH, digits only (the schema's pattern).
  int dots = 0;
  bool digit_before = false;
  for (char c : s) {
    if (c == '.') {
      if (!digit_before) return false;
      ++dots;
      digit_before = false;
    } else if (c >= '0' && c <= '9') {
      digit_before = true;
    } else {
      return false;
    }
  }
  return dots == 2 && digit_before;
}

void RejectUnknown(const Json& j, const std::set<std::string>& known, const std::string& at,
                   Problems& problems) {
  for (const auto& [key, value] : j.items()) {
    if (known.count(key) == 0) problems.Add(at + "/" + key, "is not allowed");
  }
}

// Checks j[key] is a string satisfying `ok`; a missing key is a problem when `required`.
template <typename Pred>
void CheckString(const Json& j, const std::string& key, const std::string& at, bool required,
                 Pred ok, const char* expected, Problems& problems) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) problems.Add(at + "/" + key, "is required");
    return;
  }
  if (!it->is_string() || !ok(it->get_ref<const std::string&>())) {
    problems.Add(at + "/" + key, std::string("must be ") + expected);
  }
}

void CheckNumber(const Json& j, const std::string& key, const std::string& at, bool required,
                 double min, double max, Problems& problems) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) problems.Add(at + "/" + key, "is required");
    return;
  }
  if (!IsNumber(*it) || it->get<double>() < min || it->get<double>() > max) {
    problems.Add(at + "/" + key,
                 "must be a number from " + std::to_string(min) + " to " + std::to_string(max));
  }
}

void CheckInteger(const Json& j, const std::string& key, const std::string& at, bool required,
                  long min, long max, Problems& problems) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) problems.Add(at + "/" + key, "is required");
    return;
  }
  if (!it->is_number_integer() || it->get<long>() < min || it->get<long>() > max) {
    problems.Add(at + "/" + key,
                 "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
}

auto NonEmpty = [](const std::string& s) { return !s.empty(); };

}  // namespace

bool Manifest::Provides(std::string_view what) const {
  return std::find(provides.begin(), provides.end(), what) != provides.end();
}

StatusOr<Manifest> ParseManifest(const Json& j) {
  Problems problems;
  if (!j.is_object()) return Status::InvalidArgument("manifest: must be a JSON object");
  RejectUnknown(
      j,
      {"id", "name", "province", "version", "sdk_version", "abi", "library", "sha256", "provides"},
      "", problems);
  CheckString(j, "id", "", true, MatchesId, "lower-case letters, digits and '-'", problems);
  CheckString(j, "name", "", true, NonEmpty, "a non-empty string", problems);
  CheckString(j, "province", "", true, policy::IsProvinceCode, "an ISO 3166-2:KH code", problems);
  CheckString(j, "version", "", true, IsVersion, "MAJOR.MINOR.PATCH", problems);
  CheckString(j, "sdk_version", "", true, IsVersion, "MAJOR.MINOR.PATCH", problems);
  CheckString(
      j, "library", "", true,
      [](const std::string& s) {
        return !s.empty() && s.find('/') == std::string::npos && s != "." && s != "..";
      },
      "a file name in the manifest's folder", problems);
  CheckString(j, "sha256", "", true, IsSha256, "64 lower-case hex digits", problems);
  if (auto abi = j.find("abi"); abi == j.end()) {
    problems.Add("/abi", "is required");
  } else if (!abi->is_object()) {
    problems.Add("/abi", "must be an object");
  } else {
    RejectUnknown(*abi, {"major", "minor"}, "/abi", problems);
    CheckInteger(*abi, "major", "/abi", true, 0, 65535, problems);
    CheckInteger(*abi, "minor", "/abi", true, 0, 65535, problems);
  }
  if (auto provides = j.find("provides"); provides == j.end()) {
    problems.Add("/provides", "is required");
  } else if (!provides->is_array()) {
    problems.Add("/provides", "must be an array");
  } else {
    std::set<std::string> seen;
    for (size_t i = 0; i < provides->size(); ++i) {
      const Json& p = (*provides)[i];
      const std::string at = "/provides/" + std::to_string(i);
      if (!p.is_string() || (p != kProvidesMarketData && p != kProvidesScoringRules &&
                             p != kProvidesScreeningRules)) {
        problems.Add(at, "must be market_data, scoring_rules or screening_rules");
      } else if (!seen.insert(p.get<std::string>()).second) {
        problems.Add(at, "is listed twice");
      }
    }
  }
  RETURN_IF_ERROR(problems.ToStatus("invalid manifest"));

  Manifest m;
  m.id = j.at("id").get<std::string>();
  m.name = j.at("name").get<std::string>();
  m.province = j.at("province").get<std::string>();
  m.version = j.at("version").get<std::string>();
  m.sdk_version = j.at("sdk_version").get<std::string>();
  m.abi_major = j.at("abi").at("major").get<int>();
  m.abi_minor = j.at("abi").at("minor").get<int>();
  m.library = j.at("library").get<std::string>();
  m.sha256 = j.at("sha256").get<std::string>();
  m.provides = j.at("provides").get<std::vector<std::string>>();
  return m;
}

Status CheckMarketData(const Json& j) {
  Problems problems;
  if (!j.is_object()) return Status::InvalidArgument("market data: must be a JSON object");
  RejectUnknown(j,
                {"province", "living_wage", "poverty_line", "minimum_wage", "median_wages",
                 "sector_demand", "seasons", "source", "as_of", "version"},
                "", problems);
  CheckString(j, "province", "", false, policy::IsProvinceCode, "an ISO 3166-2:KH code", problems);
  CheckNumber(j, "living_wage", "", true, 1, 100000, problems);
  CheckNumber(j, "poverty_line", "", true, 0, 100000, problems);
  CheckNumber(j, "minimum_wage", "", true, 0, 100000, problems);
  if (auto wages = j.find("median_wages"); wages == j.end()) {
    problems.Add("/median_wages", "is required");
  } else if (!wages->is_object()) {
    problems.Add("/median_wages", "must be an object");
  } else {
    for (const auto& [code, wage] : wages->items()) {
      if (!IsIsco(code)) problems.Add("/median_wages/" + code, "is not an ISCO-08 code");
      if (!IsNumber(wage) || wage.get<double>() <= 0 || wage.get<double>() > 100000) {
        problems.Add("/median_wages/" + code, "must be a positive number up to 100000");
      }
    }
  }
  if (auto demand = j.find("sector_demand"); demand == j.end()) {
    problems.Add("/sector_demand", "is required");
  } else if (!demand->is_object()) {
    problems.Add("/sector_demand", "must be an object");
  } else {
    for (const auto& [sector, months] : demand->items()) {
      const bool ok = months.is_array() && months.size() == 12 &&
                      std::all_of(months.begin(), months.end(), [](const Json& m) {
                        return IsNumber(m) && m.get<double>() >= 0 && m.get<double>() <= 10;
                      });
      if (sector.empty() || !ok) {
        problems.Add("/sector_demand/" + sector, "must be 12 numbers from 0 to 10");
      }
    }
  }
  if (auto seasons = j.find("seasons"); seasons != j.end()) {
    if (!seasons->is_array()) {
      problems.Add("/seasons", "must be an array");
    } else {
      for (size_t i = 0; i < seasons->size(); ++i) {
        const Json& s = (*seasons)[i];
        const std::string at = "/seasons/" + std::to_string(i);
        if (!s.is_object()) {
          problems.Add(at, "must be an object");
          continue;
        }
        RejectUnknown(s, {"name", "sector", "from_month", "to_month", "labour_demand"}, at,
                      problems);
        CheckString(s, "name", at, true, NonEmpty, "a non-empty string", problems);
        CheckString(s, "sector", at, false, NonEmpty, "a non-empty string", problems);
        CheckInteger(s, "from_month", at, true, 1, 12, problems);
        CheckInteger(s, "to_month", at, true, 1, 12, problems);
        CheckNumber(s, "labour_demand", at, false, 0, 10, problems);
      }
    }
  }
  CheckString(j, "source", "", true, NonEmpty, "a non-empty string", problems);
  CheckString(
      j, "as_of", "", true,
      [](const std::string& s) { return s.size() == 10 && Date::Parse(s).has_value(); },
      "a date (YYYY-MM-DD)", problems);
  CheckInteger(j, "version", "", false, 0, 1L << 40, problems);
  RETURN_IF_ERROR(problems.ToStatus("invalid market data"));
  return Status::Ok();
}

StatusOr<std::vector<RuleHit>> ParseRuleHits(const Json& j) {
  if (!j.is_array()) return Status::InvalidArgument("rule output: must be an array");
  Problems problems;
  std::vector<RuleHit> hits;
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& h = j[i];
    const std::string at = "/" + std::to_string(i);
    if (!h.is_object()) {
      problems.Add(at, "must be an object");
      continue;
    }
    RejectUnknown(h, {"rule", "points", "reason"}, at, problems);
    CheckString(h, "rule", at, true, MatchesId, "a rule id", problems);
    CheckNumber(h, "points", at, true, -1e6, 1e6, problems);
    CheckString(h, "reason", at, true, NonEmpty, "a non-empty string", problems);
    if (problems.empty()) {
      hits.push_back({h.at("rule").get<std::string>(), h.at("points").get<double>(),
                      h.at("reason").get<std::string>()});
    }
  }
  RETURN_IF_ERROR(problems.ToStatus("invalid rule output"));
  return hits;
}

StatusOr<std::vector<PluginFlag>> ParseFlags(const Json& j) {
  if (!j.is_array()) return Status::InvalidArgument("screening output: must be an array");
  Problems problems;
  std::vector<PluginFlag> flags;
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& f = j[i];
    const std::string at = "/" + std::to_string(i);
    if (!f.is_object()) {
      problems.Add(at, "must be an object");
      continue;
    }
    RejectUnknown(f, {"rule", "code", "severity", "reason"}, at, problems);
    CheckString(f, "rule", at, true, MatchesId, "a rule id", problems);
    CheckString(f, "code", at, true, MatchesId, "a flag code", problems);
    CheckString(
        f, "severity", at, true,
        [](const std::string& s) { return s == "info" || s == "review" || s == "block"; },
        "info, review or block", problems);
    CheckString(f, "reason", at, true, NonEmpty, "a non-empty string", problems);
    if (!problems.empty()) continue;
    const std::string severity = f.at("severity").get<std::string>();
    flags.push_back({f.at("rule").get<std::string>(), f.at("code").get<std::string>(),
                     severity == "info"    ? model::FlagSeverity::kInfo
                     : severity == "block" ? model::FlagSeverity::kBlock
                                           : model::FlagSeverity::kReview,
                     f.at("reason").get<std::string>()});
  }
  RETURN_IF_ERROR(problems.ToStatus("invalid screening output"));
  return flags;
}

StatusOr<WeightOverrides> ParseWeights(const Json& j) {
  if (!j.is_object()) return Status::InvalidArgument("weights: must be an object");
  Problems problems;
  RejectUnknown(j, {"match", "vulnerability"}, "", problems);
  const std::set<std::string> match_keys = {"skills", "occupation", "distance",
                                            "wage",   "market",     "preferences"};
  const std::set<std::string> vulnerability_keys = {
      "income", "debt", "dependents", "prior_migration", "survivor", "education", "age"};
  WeightOverrides w;
  if (auto m = j.find("match"); m != j.end()) {
    if (!m->is_object()) {
      problems.Add("/match", "must be an object");
    } else {
      RejectUnknown(*m, match_keys, "/match", problems);
      for (const auto& key : match_keys) CheckNumber(*m, key, "/match", false, 0, 1, problems);
      w.match = *m;
    }
  }
  if (auto v = j.find("vulnerability"); v != j.end()) {
    if (!v->is_object()) {
      problems.Add("/vulnerability", "must be an object");
    } else {
      RejectUnknown(*v, vulnerability_keys, "/vulnerability", problems);
      for (const auto& key : vulnerability_keys) {
        CheckNumber(*v, key, "/vulnerability", false, 0, 100, problems);
      }
      w.vulnerability = *v;
    }
  }
  RETURN_IF_ERROR(problems.ToStatus("invalid weights"));
  return w;
}

policy::MatchWeights WeightOverrides::Apply(const policy::MatchWeights& defaults) const {
  policy::MatchWeights w = defaults;
  auto set = [&](const char* key, double& field) {
    if (auto it = match.find(key); it != match.end()) field = it->get<double>();
  };
  set("skills", w.skills);
  set("occupation", w.occupation);
  set("distance", w.distance);
  set("wage", w.wage);
  set("market", w.market);
  set("preferences", w.preferences);
  return w;
}

policy::VulnerabilityWeights WeightOverrides::Apply(
    const policy::VulnerabilityWeights& defaults) const {
  policy::VulnerabilityWeights w = defaults;
  auto set = [&](const char* key, double& field) {
    if (auto it = vulnerability.find(key); it != vulnerability.end()) field = it->get<double>();
  };
  set("income", w.income);
  set("debt", w.debt);
  set("dependents", w.dependents);
  set("prior_migration", w.prior_migration);
  set("survivor", w.survivor);
  set("education", w.education);
  set("age", w.age);
  return w;
}

}  // namespace homeward::plugin::internal
