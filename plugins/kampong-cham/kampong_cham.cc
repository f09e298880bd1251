// Kampong Cham (KH-3): rubber plantations (tapping stops in the leaf-fall months, February to
// April), the cashew harvest (February to May), and steady migration to Thailand and Phnom Penh.
// The plugin fits plantation work to the crop calendar and screens plantation adverts for wage
// advances and child labour. Sources: README.md.
#include <algorithm>
#include <optional>
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

bool IsRubberJob(const Json& vacancy) {
  return vacancy.value("sector", "") == "rubber" ||
         sdk::ContainsAny(sdk::AdvertText(vacancy), {"rubber", "latex", "tapping", "កៅស៊ូ"});
}

bool IsCashewJob(const Json& vacancy) {
  return vacancy.value("sector", "") == "cashew" ||
         sdk::ContainsAny(sdk::AdvertText(vacancy), {"cashew", "ស្វាយចន្ទី"});
}

bool IsShortTerm(const Json& vacancy) {
  const std::string contract = vacancy.value("contract", "");
  return contract == "seasonal" || contract == "daily";
}

bool HasSkill(const Json& person, const std::string& code) {
  for (const auto& s : person.value("skills", Json::array())) {
    if (s.value("code", "") == code) return true;
  }
  return false;
}

// Each rule's points, named once: the rules and the range they add up to (RulePointsFor) read
// the same numbers.
constexpr double kLeafFall = -5;
constexpr double kTappingSkill = 4;
constexpr double kCashewHarvest = 3;
constexpr double kReturnee = 5;
constexpr double kCropProcessingPathway = 4;

bool LeafFall(int month) {
  return sdk::MonthIn(month, 2, 4);
}
bool CashewHarvest(int month) {
  return sdk::MonthIn(month, 2, 5);
}

class KampongCham final : public sdk::Plugin {
 public:
  KampongCham() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // Plantation work swings with the crop calendar, so the market outlook weighs more.
    return {{"match", {{"market", 0.15}, {"preferences", 0.05}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int month) const override {
    std::vector<RuleHit> hits;
    const bool rubber = IsRubberJob(vacancy);
    if (rubber && IsShortTerm(vacancy) && LeafFall(month)) {
      hits.push_back({"rubber-leaf-fall", kLeafFall,
                      "rubber tapping stops during leaf fall (February to April): a short "
                      "contract now means months without income",
                      "ការចោះជ័រកៅស៊ូឈប់ក្នុងរដូវជ្រុះស្លឹក (ខែកុម្ភៈ ដល់ខែមេសា)៖ កិច្ចសន្យារយៈពេលខ្លីនៅពេលនេះ "
                      "មានន័យថាគ្មានប្រាក់ចំណូលរាប់ខែ"});
    }
    if (rubber && HasSkill(person, "rubber_tapping")) {
      hits.push_back({"tapping-skill", kTappingSkill, "the person already knows rubber tapping",
                      "បុគ្គលនេះចេះចោះជ័រកៅស៊ូរួចហើយ"});
    }
    if (IsCashewJob(vacancy) && CashewHarvest(month)) {
      hits.push_back({"cashew-harvest", kCashewHarvest,
                      "the cashew harvest is hiring now (February to May)",
                      "រដូវប្រមូលផលស្វាយចន្ទីកំពុងជ្រើសរើសកម្មករឥឡូវនេះ (ខែកុម្ភៈ ដល់ខែឧសភា)"});
    }
    if (vacancy.value("province", "") == "KH-3" && person.value("prior_migration", false) &&
        !vacancy.value("work_abroad", false)) {
      hits.push_back({"local-work-for-returnees", kReturnee,
                      "a job in Kampong Cham for someone who has migrated before",
                      "ការងារនៅខេត្តកំពង់ចាម សម្រាប់អ្នកដែលធ្លាប់ចំណាកស្រុកពីមុន"});
    }
    return hits;
  }

  // A job's rules add up to the leaf fall's penalty at the least (in its months) and, at the
  // most, the bonuses this person and month can have; a training's to the pathway's bonus.
  std::optional<sdk::RulePoints> RulePointsFor(const Json& person, int month) const override {
    const double jobs_most = (HasSkill(person, "rubber_tapping") ? kTappingSkill : 0) +
                             (CashewHarvest(month) ? kCashewHarvest : 0) +
                             (person.value("prior_migration", false) ? kReturnee : 0);
    return sdk::RulePoints{LeafFall(month) ? kLeafFall : 0,
                           std::max(jobs_most, kCropProcessingPathway)};
  }

  // What JobRules can add for anyone with `vacancy`, in any month: only rubber and cashew work
  // and the province's own local jobs can be moved at all.
  std::optional<sdk::RulePoints> VacancyRulePoints(const Json& vacancy) const override {
    sdk::RulePoints points;
    if (IsRubberJob(vacancy)) {
      if (IsShortTerm(vacancy)) points.least += kLeafFall;
      points.most += kTappingSkill;
    }
    if (IsCashewJob(vacancy)) points.most += kCashewHarvest;
    if (vacancy.value("province", "") == "KH-3" && !vacancy.value("work_abroad", false)) {
      points.most += kReturnee;
    }
    return points;
  }

  std::vector<RuleHit> TrainingRules(const Json&, const Json& training, int) const override {
    std::vector<RuleHit> hits;
    for (const auto& isco : training.value("leads_to", Json::array())) {
      if (sdk::IscoIn(isco.get<std::string>(), {"816", "7514", "6112"})) {
        hits.push_back({"crop-processing-pathway", kCropProcessingPathway,
                        "leads to rubber or cashew processing, year-round work in the "
                        "province",
                        "នាំទៅរកការងារកែច្នៃកៅស៊ូ ឬស្វាយចន្ទី ដែលជាការងារពេញមួយឆ្នាំនៅក្នុងខេត្ត"});
        break;
      }
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    const bool rubber = IsRubberJob(vacancy);
    const bool plantation =
        rubber || IsCashewJob(vacancy) || vacancy.value("sector", "") == "agriculture";
    if (!plantation) return flags;
    const std::string text = sdk::AdvertText(vacancy);
    if (sdk::ContainsAny(text, {"advance", "loan", "debt", "repay", "បំណុល"})) {
      flags.push_back({"plantation-wage-advance", "wage_advance_debt", Severity::kReview,
                       "a plantation job tied to a wage advance or loan: advances repaid from "
                       "wages can become debt bondage",
                       "ការងារនៅចំការដែលភ្ជាប់នឹងប្រាក់ឈ្នួលបើកមុន ឬប្រាក់កម្ចី៖ "
                       "ប្រាក់បើកមុនដែលត្រូវសងដោយកាត់ពីប្រាក់ឈ្នួល អាចក្លាយជាការជាប់បំណុល"});
    }
    // Tapping at night with knives, latex coagulants and sprayed plantations are hazardous work
    // for children (Prakas No. 106 of 2004); picking cashew nuts or cassava is not.
    const bool hazardous =
        rubber || sdk::ContainsAny(text, {"pesticide", "spraying", "chemical", "shelling", "ថ្នាំពុល",
                                          "ថ្នាំកសិកម្ម", "បាញ់ថ្នាំ"});
    if (hazardous && vacancy.value("min_age", 18) < 18) {
      flags.push_back({"plantation-minimum-age", "hazardous_work_minor", Severity::kReview,
                       "plantation work with agrochemicals and tapping knives is hazardous: "
                       "the minimum age is 18",
                       "ការងារនៅចំការដែលប្រើសារធាតុគីមីកសិកម្ម និងកាំបិតចោះជ័រ គឺជាការងារគ្រោះថ្នាក់៖ "
                       "អាយុអប្បបរមាគឺ 18 ឆ្នាំ"});
    }
    if (vacancy.value("work_abroad", false)) {
      flags.push_back({"plantation-abroad", "work_abroad_mou", Severity::kReview,
                       "farm work abroad must go through a licensed agency under the MoU",
                       "ការងារកសិកម្មនៅបរទេសត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ "
                       "ស្របតាមអនុស្សរណៈនៃការយោគយល់គ្នា (MoU)"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(KampongCham)
