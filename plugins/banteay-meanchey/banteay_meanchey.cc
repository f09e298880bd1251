// Banteay Meanchey (KH-1): Poipet, the busiest land crossing to Thailand (Aranyaprathet), where
// day labourers cross each morning, deported migrants are returned, and casinos along the border
// have housed scam operations. The plugin screens border-pass and day-labour recruitment and
// casino lures, and favours local work for returnees. Sources: README.md.
#include <string>
#include <vector>

#include "homeward/plugin.hpp"
#include "homeward/plugin_rules.hpp"

namespace {

namespace sdk = homeward::sdk;
using sdk::Flag;
using sdk::Json;
using sdk::RuleHit;
using sdk::Severity;

bool IsCasinoOrOnlineLure(const std::string& text) {
  return sdk::ContainsAny(text, {"casino", "កាស៊ីណូ", "online", "typing", "customer service"}) &&
         sdk::ContainsAny(
             text, {"high salary", "no experience", "free accommodation", "free food", "telegram"});
}

class BanteayMeanchey final : public sdk::Plugin {
 public:
  BanteayMeanchey() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    return {{"match", {{"distance", 0.20}, {"preferences", 0.05}}},
            {"vulnerability", {{"prior_migration", 15}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int) const override {
    std::vector<RuleHit> hits;
    const bool abroad = vacancy.value("work_abroad", false);
    if (!abroad && vacancy.value("province", "") == "KH-1" &&
        person.value("prior_migration", false)) {
      hits.push_back({"local-work-for-returnees", 6,
                      "a job on this side of the border for someone who has worked in "
                      "Thailand before, as many returned through Poipet have",
                      "ការងារនៅខាងនេះនៃព្រំដែន សម្រាប់អ្នកដែលធ្លាប់ធ្វើការនៅប្រទេសថៃពីមុន "
                      "ដូចអ្នកជាច្រើនដែលបានវិលត្រឡប់មកវិញតាមច្រកប៉ោយប៉ែត"});
    }
    if (abroad && vacancy.value("contract", "") == "daily") {
      hits.push_back({"cross-border-day-labour", -8,
                      "day labour across the border pays by the day with no protection",
                      "ការងារស៊ីឈ្នួលប្រចាំថ្ងៃនៅម្ខាងទៀតនៃព្រំដែន បើកប្រាក់ឈ្នួលជាថ្ងៃៗ ដោយគ្មានការការពារ"});
    }
    if (!abroad && sdk::IscoIn(vacancy.value("occupation", ""), {"8322", "9333", "5223"}) &&
        vacancy.value("contract", "") != "daily") {
      hits.push_back({"border-trade-job", 2,
                      "steady work in Poipet's cross-border trade and logistics",
                      "ការងារទៀងទាត់ក្នុងវិស័យពាណិជ្ជកម្មឆ្លងព្រំដែន និងភស្តុភារនៅប៉ោយប៉ែត"});
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    const std::string text = sdk::AdvertText(vacancy);
    const bool abroad = vacancy.value("work_abroad", false);
    if (sdk::ContainsAny(text,
                         {"border pass", "border card", "no passport", "pass card", "ប័ណ្ណឆ្លងដែន"})) {
      flags.push_back({"border-pass-recruitment", "irregular_cross_border_recruitment",
                       Severity::kBlock,
                       "recruitment on a border pass: the pass does not allow work in Thailand, "
                       "leaving the worker undocumented and easy to exploit",
                       "ការជ្រើសរើសដោយប្រើប័ណ្ណឆ្លងដែន៖ ប័ណ្ណនេះមិនអនុញ្ញាតឱ្យធ្វើការនៅប្រទេសថៃទេ "
                       "ដែលធ្វើឱ្យកម្មករគ្មានឯកសារស្របច្បាប់ និងងាយរងការកេងប្រវ័ញ្ច"});
    } else if (abroad) {
      flags.push_back({"poipet-crossing", "work_abroad_mou", Severity::kReview,
                       "work across the Poipet crossing must go through a licensed agency under "
                       "the Cambodia-Thailand MoU",
                       "ការងារនៅម្ខាងទៀតនៃច្រកព្រំដែនប៉ោយប៉ែត "
                       "ត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ ស្របតាមអនុស្សរណៈនៃការយោគយល់គ្នា "
                       "(MoU) រវាងកម្ពុជា និងថៃ"});
    }
    if (IsCasinoOrOnlineLure(text)) {
      flags.push_back({"border-casino-lure", "scam_compound_lure", Severity::kBlock,
                       "a casino or online job with the marks of scam-compound recruitment, as "
                       "found along the Poipet border",
                       "ការងារកាស៊ីណូ ឬការងារតាមអនឡាញ "
                       "ដែលមានសញ្ញានៃការជ្រើសរើសបុគ្គលិកសម្រាប់មជ្ឈមណ្ឌលបោកប្រាស់ "
                       "ដូចដែលគេរកឃើញនៅតាមបណ្តោយព្រំដែនប៉ោយប៉ែត"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(BanteayMeanchey)
