// Battambang (KH-2): the rice bowl of the north-west, with cassava and maize along the Thai
// border, where many cross (at Kamrieng and Phnom Proek) for seasonal farm work in Thailand's
// eastern provinces, often without papers. The plugin favours year-round work in crop
// processing and local jobs for people who have migrated before, and screens cross-border farm
// recruitment. Sources: README.md.
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

bool IsFarmJob(const Json& vacancy) {
  const std::string sector = vacancy.value("sector", "");
  return sector == "agriculture" || sector == "cassava" ||
         sdk::IscoIn(vacancy.value("occupation", ""), {"61", "92"});
}

class Battambang final : public sdk::Plugin {
 public:
  Battambang() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    return {{"match", {{"distance", 0.20}, {"market", 0.12}, {"preferences", 0.03}}},
            {"vulnerability", {{"prior_migration", 14}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int month) const override {
    std::vector<RuleHit> hits;
    const std::string contract = vacancy.value("contract", "");
    const bool year_round = contract == "permanent" || contract == "fixed_term";
    const bool local =
        vacancy.value("province", "") == "KH-2" && !vacancy.value("work_abroad", false);
    if (year_round && (vacancy.value("sector", "") == "food_processing" ||
                       sdk::IscoIn(vacancy.value("occupation", ""), {"816", "7512", "8160"}))) {
      hits.push_back({"year-round-processing", 4,
                      "year-round work in rice milling or crop processing, in place of seasonal "
                      "border labour",
                      "ការងារពេញមួយឆ្នាំនៅរោងម៉ាស៊ីនកិនស្រូវ ឬការកែច្នៃផលដំណាំ ជំនួសឱ្យការងារតាមរដូវកាលឆ្លងព្រំដែន"});
    }
    if (local && person.value("prior_migration", false)) {
      hits.push_back({"local-work-for-returnees", 5,
                      "a job in Battambang for someone who has crossed the border for work "
                      "before",
                      "ការងារនៅខេត្តបាត់ដំបង សម្រាប់អ្នកដែលធ្លាប់ឆ្លងព្រំដែនទៅធ្វើការពីមុន"});
    }
    if (local && IsFarmJob(vacancy) && contract == "seasonal" && sdk::MonthIn(month, 11, 3)) {
      hits.push_back({"harvest-season", 2, "the rice and cassava harvests are hiring now",
                      "រដូវប្រមូលផលស្រូវ និងដំឡូងមីកំពុងជ្រើសរើសកម្មករឥឡូវនេះ"});
    }
    return hits;
  }

  std::vector<RuleHit> TrainingRules(const Json&, const Json& training, int) const override {
    std::vector<RuleHit> hits;
    for (const auto& isco : training.value("leads_to", Json::array())) {
      if (sdk::IscoIn(isco.get<std::string>(), {"7231", "7233", "8341"})) {
        hits.push_back({"farm-machinery-pathway", 4,
                        "farm machinery skills are in demand as Battambang's farms mechanise",
                        "ជំនាញគ្រឿងយន្តកសិកម្មកំពុងមានតម្រូវការ "
                        "ដោយសារកសិដ្ឋាននៅខេត្តបាត់ដំបងកំពុងប្រើគ្រឿងយន្តកាន់តែច្រើន"});
        break;
      }
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    if (!vacancy.value("work_abroad", false)) return flags;
    const bool fees = vacancy.value("worker_fees", Json::object()).value("amount", 0.0) > 0;
    const bool casual = IsFarmJob(vacancy) || vacancy.value("contract", "") == "daily" ||
                        vacancy.value("contract", "") == "seasonal";
    if (casual &&
        (fees || sdk::ContainsAny(sdk::AdvertText(vacancy),
                                  {"border pass", "no passport", "broker", "pay on arrival"}))) {
      flags.push_back({"cross-border-farm-labour", "irregular_cross_border_recruitment",
                       Severity::kBlock,
                       "seasonal farm work across the border arranged by a broker or paid for "
                       "by the worker: irregular migrants on Thai farms are easily exploited",
                       "ការងារកសិកម្មតាមរដូវកាលនៅម្ខាងទៀតនៃព្រំដែន ដែលរៀបចំដោយមេខ្យល់ "
                       "ឬដែលកម្មករត្រូវបង់ថ្លៃដោយខ្លួនឯង៖ ពលករចំណាកស្រុកដែលគ្មានឯកសារស្របច្បាប់នៅតាមកសិដ្ឋានថៃ "
                       "ងាយរងការកេងប្រវ័ញ្ច"});
    } else {
      flags.push_back({"cross-border-work", "work_abroad_mou", Severity::kReview,
                       "work in Thailand must go through a licensed agency under the MoU; check "
                       "the agency",
                       "ការងារនៅប្រទេសថៃត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ "
                       "ស្របតាមអនុស្សរណៈនៃការយោគយល់គ្នា (MoU)៖ សូមពិនិត្យទីភ្នាក់ងារនោះ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(Battambang)
