#include "internal/documents.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <utility>

#include "homeward/json/json.h"

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

auto NonEmpty = [](const std::string& s) { return !s.empty(); };

// "/living_wage must be ..." for the first field error of a schema violation.
std::string Summary(const Status& status) {
  if (status.errors().empty()) return status.message();
  const FieldError& first = status.errors().front();
  std::string text = (first.path.empty() ? "/" : first.path) + " " + first.message;
  if (status.errors().size() > 1) {
    text += " (and " + std::to_string(status.errors().size() - 1) + " more)";
  }
  return text;
}

// Each document a rule function is given: its name in "rule_inputs", its schema, and where
// RuleInputs keeps its list.
struct RuleDocument {
  std::string_view name;
  std::string_view schema;
  std::optional<std::vector<std::string>> RuleInputs::*members;
};
constexpr RuleDocument kRuleDocuments[] = {
    {"person", "plugin-person-input.schema.json", &RuleInputs::person},
    {"vacancy", "vacancy.schema.json", &RuleInputs::vacancy},
    {"training", "training.schema.json", &RuleInputs::training},
    {"programme", "programme.schema.json", &RuleInputs::programme},
};

// True when `name` ("wage", "household.dependents") is a member of the document `schema`
// describes: a property, or a property of a property whose schema lists its own.
bool IsMember(const Json& schema, std::string_view document, std::string_view name) {
  if (document == "vacancy" && name == "normalised_text") return true;  // added for the rules
  const size_t dot = name.find('.');
  const Json& properties = schema.at("properties");
  auto outer = properties.find(std::string(name.substr(0, dot)));
  if (outer == properties.end()) return false;
  if (dot == std::string_view::npos) return true;
  auto inner = outer->find("properties");
  return inner != outer->end() && inner->contains(std::string(name.substr(dot + 1)));
}

RuleInputs ReadRuleInputs(const Json& j, Problems& problems) {
  RuleInputs inputs;
  auto given = j.find("rule_inputs");
  if (given == j.end()) return inputs;
  for (const RuleDocument& document : kRuleDocuments) {
    const std::string name(document.name);
    auto list = given->find(name);
    if (list == given->end()) continue;
    const Json* schema = json::SchemaSet::Builtin().Find(document.schema);
    std::vector<std::string> members = list->get<std::vector<std::string>>();
    for (size_t i = 0; i < members.size(); ++i) {
      if (schema == nullptr || !IsMember(*schema, name, members[i])) {
        problems.Add("/rule_inputs/" + name + "/" + std::to_string(i),
                     "is not a member of the " + name + " document");
      }
    }
    inputs.*document.members = std::move(members);
  }
  return inputs;
}

}  // namespace

Json OnlyMembers(Json document, const std::optional<std::vector<std::string>>& members) {
  if (!members || !document.is_object()) return document;
  // Copied, not moved: a list may name "household" and "household.size" both.
  Json only = Json::object();
  for (const std::string& name : *members) {
    const size_t dot = name.find('.');
    auto outer = document.find(name.substr(0, dot));
    if (outer == document.end()) continue;
    if (dot == std::string::npos) {
      only[outer.key()] = *outer;
      continue;
    }
    auto inner = outer->is_object() ? outer->find(name.substr(dot + 1)) : outer->end();
    if (inner != outer->end()) only[outer.key()][inner.key()] = *inner;
  }
  return only;
}

bool Manifest::Provides(std::string_view what) const {
  return std::find(provides.begin(), provides.end(), what) != provides.end();
}

StatusOr<Manifest> ParseManifest(const Json& j) {
  if (Status valid = json::SchemaSet::Builtin().Validate("plugin-manifest.schema.json", j);
      !valid.ok()) {
    return Status::InvalidArgument("invalid manifest: " + Summary(valid), valid.errors());
  }
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
  if (auto points = j.find("rule_points"); points != j.end()) {
    m.rule_points = {points->at("least").get<double>(), points->at("most").get<double>()};
  }
  Problems problems;
  m.rule_inputs = ReadRuleInputs(j, problems);
  if (Status members = problems.ToStatus("invalid manifest"); !members.ok()) return members;
  return m;
}

Status CheckMarketData(const Json& j) {
  if (Status valid = json::SchemaSet::Builtin().Validate("market-data.schema.json", j);
      !valid.ok()) {
    return Status::InvalidArgument("invalid market data: " + Summary(valid), valid.errors());
  }
  return Status::Ok();
}

namespace {

// A plugin's list output (rule hits, screening flags): an array of objects, each checked by
// `check` and, while no problem is found, made into a T by `make`. `what` names the output.
template <typename T, typename Check, typename Make>
StatusOr<std::vector<T>> ParseObjects(const Json& j, const std::string& what, Check check,
                                      Make make) {
  if (!j.is_array()) return Status::InvalidArgument(what + ": must be an array");
  Problems problems;
  std::vector<T> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& item = j[i];
    const std::string at = "/" + std::to_string(i);
    if (!item.is_object()) {
      problems.Add(at, "must be an object");
      continue;
    }
    check(item, at, problems);
    if (problems.empty()) out.push_back(make(item));
  }
  HW_RETURN_IF_ERROR(problems.ToStatus("invalid " + what));
  return out;
}

}  // namespace

StatusOr<std::vector<RuleHit>> ParseRuleHits(const Json& j) {
  return ParseObjects<RuleHit>(
      j, "rule output",
      [](const Json& h, const std::string& at, Problems& problems) {
        RejectUnknown(h, {"rule", "points", "reason", "reason_km"}, at, problems);
        CheckString(h, "rule", at, true, MatchesId, "a rule id", problems);
        CheckNumber(h, "points", at, true, -1e6, 1e6, problems);
        CheckString(h, "reason", at, true, NonEmpty, "a non-empty string", problems);
        CheckString(h, "reason_km", at, false, NonEmpty, "a non-empty string", problems);
      },
      [](const Json& h) {
        return RuleHit{h.at("rule").get<std::string>(), h.at("points").get<double>(),
                       h.at("reason").get<std::string>(), h.value("reason_km", std::string())};
      });
}

StatusOr<std::optional<policy::RuleRange>> ParseRulePoints(const Json& j,
                                                           policy::RuleRange declared) {
  if (j.is_null()) return std::optional<policy::RuleRange>();
  if (!j.is_object()) return Status::InvalidArgument("rule points: must be an object or null");
  Problems problems;
  RejectUnknown(j, {"least", "most"}, "", problems);
  CheckNumber(j, "least", "", true, declared.least, 0, problems);
  CheckNumber(j, "most", "", true, 0, declared.most, problems);
  HW_RETURN_IF_ERROR(problems.ToStatus("invalid rule points"));
  return std::optional<policy::RuleRange>(
      policy::RuleRange{j.at("least").get<double>(), j.at("most").get<double>()});
}

StatusOr<std::vector<PluginFlag>> ParseFlags(const Json& j) {
  return ParseObjects<PluginFlag>(
      j, "screening output",
      [](const Json& f, const std::string& at, Problems& problems) {
        RejectUnknown(f, {"rule", "code", "severity", "reason", "reason_km"}, at, problems);
        CheckString(f, "rule", at, true, MatchesId, "a rule id", problems);
        CheckString(f, "code", at, true, MatchesId, "a flag code", problems);
        CheckString(
            f, "severity", at, true,
            [](const std::string& s) { return s == "info" || s == "review" || s == "block"; },
            "info, review or block", problems);
        CheckString(f, "reason", at, true, NonEmpty, "a non-empty string", problems);
        CheckString(f, "reason_km", at, false, NonEmpty, "a non-empty string", problems);
      },
      [](const Json& f) {
        const std::string severity = f.at("severity").get<std::string>();
        return PluginFlag{f.at("rule").get<std::string>(), f.at("code").get<std::string>(),
                          severity == "info"    ? model::FlagSeverity::kInfo
                          : severity == "block" ? model::FlagSeverity::kBlock
                                                : model::FlagSeverity::kReview,
                          f.at("reason").get<std::string>(), f.value("reason_km", std::string())};
      });
}

StatusOr<WeightOverrides> ParseWeights(const Json& j) {
  if (!j.is_object()) return Status::InvalidArgument("weights: must be an object");
  Problems problems;
  RejectUnknown(j, {"match", "vulnerability"}, "", problems);
  const std::set<std::string> match_keys = {"skills", "occupation", "distance",
                                            "wage",   "market",     "preferences"};
  const std::set<std::string> vulnerability_keys = {
      "income",        "debt", "dependents", "prior_migration",         "survivor",
      "education",     "age",  "idpoor",     "female_headed_household", "disability",
      "members_abroad"};
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
  HW_RETURN_IF_ERROR(problems.ToStatus("invalid weights"));
  return w;
}

// The two Apply overloads below are alike: each sets the fields its overrides name, one line per
// field, as MatchWeights and VulnerabilityWeights have no common type.
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
  set("idpoor", w.idpoor);
  set("disability", w.disability);
  set("female_headed_household", w.female_headed_household);
  set("members_abroad", w.members_abroad);
  return w;
}

}  // namespace homeward::plugin::internal
