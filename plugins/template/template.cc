// A minimal provincial plugin: market data compiled in from market.json, one scoring rule and
// one screening rule. Copy it to start a new plugin (docs/plugin-guide.md).
#include <vector>

#include "homeward/plugin.hpp"
#include "homeward/plugin_rules.hpp"

namespace {

namespace sdk = homeward::sdk;
using sdk::Json;

class Template final : public sdk::Plugin {
 public:
  // Parse the embedded data once; a throw here fails init() and the host reports why.
  Template() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  std::vector<sdk::RuleHit> JobRules(const Json& person, const Json& vacancy,
                                     int /*month*/) const override {
    std::vector<sdk::RuleHit> hits;
    if (vacancy.value("province", "") == person.value("province", "")) {
      hits.push_back({"same-province", 2, "the job is in the person's own province",
                      "ការងារនេះនៅក្នុងខេត្តដែលបុគ្គលនេះរស់នៅ"});
    }
    return hits;
  }

  std::vector<sdk::Flag> ScreenVacancy(const Json& vacancy,
                                       const Json& /*employer*/) const override {
    std::vector<sdk::Flag> flags;
    if (vacancy.value("work_abroad", false)) {
      flags.push_back({"work-abroad", "work_abroad", sdk::Severity::kReview,
                       "work abroad must go through a licensed recruitment agency",
                       "ការងារនៅបរទេសត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(Template)
