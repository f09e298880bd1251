#include "homeward/policy/national.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

#include "homeward/model/json.h"
#include "homeward/policy/embedded_national.h"
#include "homeward/reference/reference.h"

namespace homeward::policy {
namespace {

class NationalPolicy final : public ProvincePolicy {
 public:
  explicit NationalPolicy(model::MarketData market)
      : province_(market.province), market_(std::move(market)) {}

  const std::string& Province() const override { return province_; }
  const std::string& Source() const override { return source_; }
  const model::MarketData& Market() const override { return market_; }
  RuleRange RulePoints() const override { return {0, 0}; }  // it has no rules
  MatchWeights AdjustWeights(const MatchWeights& defaults) const override { return defaults; }
  VulnerabilityWeights AdjustVulnerability(const VulnerabilityWeights& defaults) const override {
    return defaults;
  }
  std::vector<RuleEffect> JobRules(const model::Individual&, const model::Vacancy&,
                                   const Date&) const override {
    return {};
  }
  std::vector<RuleEffect> TrainingRules(const model::Individual&, const model::Training&,
                                        const Date&) const override {
    return {};
  }
  std::vector<model::ScreeningFlag> ScreenVacancy(const model::Vacancy&,
                                                  const model::Employer&) const override {
    return {};
  }

 private:
  std::string province_;
  std::string source_ = "national";
  model::MarketData market_;
};

// Parsed once; the embedded file is part of the build and checked by policy_test, so a failure
// here is a build defect, not an input error.
const model::MarketData& NationalTemplate() {
  static const model::MarketData market =
      nlohmann::json::parse(embedded::national_market_json()).get<model::MarketData>();
  return market;
}

// 1..25 for "KH-1".."KH-25", else 0.
int ProvinceNumber(std::string_view code) {
  if (code.size() < 4 || code.size() > 5 || code.substr(0, 3) != "KH-") return 0;
  int n = 0;
  const char* first = code.data() + 3;
  const char* last = code.data() + code.size();
  auto [end, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || end != last || *first == '0' || n < 1 || n > 25) return 0;
  return n;
}

}  // namespace

const std::vector<ProvinceName>& AllProvinces() {
  static const std::vector<ProvinceName> provinces = [] {
    std::vector<ProvinceName> out;
    for (const auto& p : reference::ReferenceData::Builtin().provinces()) {
      out.push_back({p.code, p.name_en, p.name_km});
    }
    std::sort(out.begin(), out.end(), [](const ProvinceName& a, const ProvinceName& b) {
      return ProvinceNumber(a.code) < ProvinceNumber(b.code);
    });
    return out;
  }();
  return provinces;
}

bool IsProvinceCode(std::string_view code) {
  return ProvinceNumber(code) != 0;
}

model::MarketData NationalMarket(std::string_view province) {
  model::MarketData market = NationalTemplate();
  market.province = std::string(province);
  return market;
}

std::shared_ptr<const ProvincePolicy> NationalDefaults(std::string_view province,
                                                       std::optional<model::MarketData> market) {
  if (!market) market = NationalMarket(province);
  market->province = std::string(province);
  return std::make_shared<NationalPolicy>(std::move(*market));
}

NationalPolicyProvider::NationalPolicyProvider() {
  for (const auto& p : AllProvinces()) policies_.push_back(NationalDefaults(p.code));
}

std::shared_ptr<const ProvincePolicy> NationalPolicyProvider::ForProvince(
    std::string_view province) const {
  if (const int n = ProvinceNumber(province); n != 0) return policies_[n - 1];
  return NationalDefaults(province);
}

}  // namespace homeward::policy
