// Shared by the plugin host tests, the conformance suite and each provincial plugin's tests:
// where the built plugins are, host options for tests, and sample records to run rules on.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "homeward/crypto/signature.h"
#include "homeward/model/employer.h"
#include "homeward/model/individual.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/plugin/plugin_host.h"
#include "temp_dir.h"

namespace homeward::testing {

// The folder every shipped plugin is built into.
inline std::filesystem::path ShippedPluginsDir() {
  return BinaryDir() / "plugins";
}
// The id of every plugin in that folder, in order.
inline std::vector<std::string> ShippedPluginIds() {
  std::vector<std::string> ids;
  const std::string suffix = ".plugin.json";
  for (const auto& entry : std::filesystem::directory_iterator(ShippedPluginsDir())) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      ids.push_back(name.substr(0, name.size() - suffix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}
// The folder of one deliberately broken test plugin.
inline std::filesystem::path BrokenPluginDir(const std::string& name) {
  return BinaryDir() / "tests" / "plugins" / name;
}

// The public half of the development key the build signs the shipped plugins with.
inline std::filesystem::path DevTrustKeyFile() {
  return BinaryDir() / "plugin-dev-key.pub";
}

// Host options over `folders`, with budgets generous enough for a loaded, sanitized build; tests
// of the time budget set their own. The build's development key is trusted (the shipped plugins
// are signed with it) and unsigned plugins are allowed (the broken test plugins are not signed);
// the signing tests set their own.
inline plugin::HostOptions TestHostOptions(std::vector<std::filesystem::path> folders) {
  plugin::HostOptions options;
  options.folders = std::move(folders);
  if (auto keys = crypto::ReadVerifyKeyFile(DevTrustKeyFile().string()); keys.ok()) {
    options.trusted_keys = *std::move(keys);
  }
  options.allow_unsigned = true;
  options.call_budget = std::chrono::milliseconds(2000);
  options.call_wall_limit = std::chrono::milliseconds(5000);
  options.load_budget = std::chrono::milliseconds(5000);
  return options;
}

// The day the tests ask rules for: plugins read the month and the person's age from it. Outside
// Prey Veng's slack months (April-May, September-October), whose rules change with them.
inline const Date kRulesDay{2026, 11, 28};

inline model::Individual SamplePerson(const std::string& province) {
  model::Individual p;
  p.meta.id = "ind_sample";
  p.given_name = "Sreymom";
  p.family_name = "Chan";
  p.sex = model::Sex::kFemale;
  p.birth_date = Date{2001, 5, 14};
  p.province = province;
  p.languages = {"km"};
  p.education = model::Education::kLowerSecondary;
  p.skills = {{"sewing", 3}};
  p.desired_occupations = {"8153"};
  p.household = {5, 3, model::UsdPerMonth(150), model::UsdPerMonth(800)};
  p.prior_migration = true;
  p.consent.given = true;
  p.vulnerability.score = 62;
  return p;
}

inline model::Vacancy SampleVacancy(const std::string& province, const std::string& occupation,
                                    const std::string& sector, double monthly_wage) {
  model::Vacancy v;
  v.meta.id = "vac_sample";
  v.employer_id = "emp_sample";
  v.title = "Worker";
  v.description = "Regular work with a written contract.";
  v.occupation = occupation;
  v.sector = sector;
  v.province = province;
  v.wage.amount = monthly_wage;
  v.contract = model::Contract::kPermanent;
  v.benefits = {};
  return v;
}

inline model::Employer SampleEmployer(const std::string& province) {
  model::Employer e;
  e.meta.id = "emp_sample";
  e.name = "Sample Co. Ltd";
  e.registration_number = "CO-1234";
  e.province = province;
  e.sector = "manufacturing";
  e.contact.phone = "+855 12 345 678";
  e.verified = true;
  return e;
}

inline model::Training SampleTraining(const std::string& province) {
  model::Training t;
  t.meta.id = "trn_sample";
  t.provider = "Provincial Training Centre";
  t.title = "Electrical installation";
  t.skills_taught = {{"electrical_wiring", 2}};
  t.leads_to = {"7411"};
  t.province = province;
  t.stipend.amount = 60;
  return t;
}

// True when `flags` holds one with `code`.
inline bool HasFlag(const std::vector<model::ScreeningFlag>& flags, const std::string& code) {
  for (const auto& f : flags) {
    if (f.code == code) return true;
  }
  return false;
}

// The effect of rule `rule` in `effects`, or nullptr.
inline const policy::RuleEffect* FindRule(const std::vector<policy::RuleEffect>& effects,
                                          const std::string& rule) {
  for (const auto& e : effects) {
    if (e.rule == rule) return &e;
  }
  return nullptr;
}

}  // namespace homeward::testing
