// National defaults: the policy of every province without a plugin, and of any province whose
// plugin has failed. Market figures are national (engine/src/policy/data/national-market.json),
// weights are the defaults of province_policy.h and there are no provincial rules.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/market.h"
#include "homeward/policy/province_policy.h"

namespace homeward::policy {

// One of Cambodia's 25 provinces (ISO 3166-2:KH), as reference::ReferenceData names it.
struct ProvinceName {
  std::string code;     // "KH-12"
  std::string name_en;  // "Phnom Penh"
  std::string name_km;  // Khmer script
};

// The 25 provinces in code order (KH-1 .. KH-25).
const std::vector<ProvinceName>& AllProvinces();
// True when `code` is one of the 25 ISO 3166-2:KH codes.
bool IsProvinceCode(std::string_view code);

// The national market data, with `province` set to the given code.
model::MarketData NationalMarket(std::string_view province);

// The national defaults for `province`, with `market` in place of the national figures when
// given (market data replaced through the API outlives a failed plugin).
std::shared_ptr<const ProvincePolicy> NationalDefaults(
    std::string_view province, std::optional<model::MarketData> market = {});

// A PolicyProvider that serves national defaults everywhere: for an engine run without plugins,
// and for tests of other components. Immutable; thread-safe.
class NationalPolicyProvider final : public PolicyProvider {
 public:
  NationalPolicyProvider();
  // National defaults for `province` (built on the fly for a code outside the 25).
  std::shared_ptr<const ProvincePolicy> ForProvince(std::string_view province) const override;

 private:
  std::vector<std::shared_ptr<const ProvincePolicy>> policies_;  // index: province number - 1
};

}  // namespace homeward::policy
