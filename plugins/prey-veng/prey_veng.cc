// Prey Veng (KH-14): rice farming on the Mekong lowlands, two rice seasons with slack months
// between them, and one of the country's heaviest rates of out-migration (to Thailand and to
// Phnom Penh). The plugin favours local work for people who have migrated before and work that
// fills the slack months, and holds cross-border recruitment for review. Sources: README.md.
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

constexpr const char* kProvince = "KH-14";

// Each rule's points, named once: the rules and the range they add up to (RulePointsFor) read
// the same numbers.
constexpr double kReturneeLocalWork = 6;
constexpr double kSlackSeasonIncome = 4;
constexpr double kRiceSeasonWork = 2;
constexpr double kWorkAbroad = -8;
constexpr double kSlackSeasonTraining = 3;
constexpr double kStipendForReturnees = 3;
constexpr double kFarmHouseholdPriority = 4;
constexpr double kSlackSeasonCashForWork = 4;
constexpr double kReturneeLivelihood = 3;

// The months between rice seasons when most people leave to look for work.
bool IsSlackMonth(int month) {
  return sdk::MonthIn(month, 4, 5) || sdk::MonthIn(month, 9, 10);
}

class PreyVeng final : public sdk::Plugin {
 public:
  PreyVeng() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // Staying close to home is the programme's aim here: distance weighs more, and a history of
    // migration counts more in the vulnerability score.
    return {{"match", {{"distance", 0.25}, {"wage", 0.15}, {"preferences", 0.05}}},
            {"vulnerability", {{"prior_migration", 15}, {"debt", 20}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int month) const override {
    std::vector<RuleHit> hits;
    const bool local =
        vacancy.value("province", "") == kProvince && !vacancy.value("work_abroad", false);
    if (local && person.value("prior_migration", false)) {
      hits.push_back({"local-work-for-returnees", kReturneeLocalWork,
                      "a job in Prey Veng for someone who has migrated before: staying home is "
                      "safer",
                      "ការងារនៅខេត្តព្រៃវែង សម្រាប់អ្នកដែលធ្លាប់ចំណាកស្រុកពីមុន៖ ការនៅស្រុកកំណើតមានសុវត្ថិភាពជាង"});
    }
    if (local && IsSlackMonth(month) && vacancy.value("sector", "") != "agriculture") {
      hits.push_back({"slack-season-income", kSlackSeasonIncome,
                      "income in the slack months between rice seasons, when most people leave "
                      "to look for work",
                      "ប្រាក់ចំណូលក្នុងខែទំនេរចន្លោះរដូវធ្វើស្រែ នៅពេលដែលមនុស្សភាគច្រើនចាកចេញទៅរកការងារធ្វើ"});
    }
    if (vacancy.value("sector", "") == "agriculture" &&
        vacancy.value("contract", "") == "seasonal" && !IsSlackMonth(month)) {
      hits.push_back({"rice-season-work", kRiceSeasonWork,
                      "seasonal farm work during a rice season",
                      "ការងារកសិកម្មតាមរដូវកាល ក្នុងរដូវធ្វើស្រែ"});
    }
    if (vacancy.value("work_abroad", false)) {
      hits.push_back({"work-abroad", kWorkAbroad,
                      "work abroad: Prey Veng's migrants to Thailand face high risks of "
                      "exploitation",
                      "ការងារនៅបរទេស៖ ពលករចំណាកស្រុកពីខេត្តព្រៃវែងទៅប្រទេសថៃ "
                      "ប្រឈមនឹងហានិភ័យខ្ពស់នៃការកេងប្រវ័ញ្ច"});
    }
    return hits;
  }

  // What JobRules can add for anyone with `vacancy`, in any month: a local job the returnee's
  // bonus and the slack season's (a farm job not that), seasonal farm work the rice season's,
  // work abroad its penalty.
  std::optional<sdk::RulePoints> VacancyRulePoints(const Json& vacancy) const override {
    const bool abroad = vacancy.value("work_abroad", false);
    const bool farm = vacancy.value("sector", "") == "agriculture";
    sdk::RulePoints points;
    if (vacancy.value("province", "") == kProvince && !abroad) {
      points.most += kReturneeLocalWork + (farm ? 0 : kSlackSeasonIncome);
    }
    if (farm && vacancy.value("contract", "") == "seasonal") points.most += kRiceSeasonWork;
    if (abroad) points.least += kWorkAbroad;
    return points;
  }

  // Work abroad's penalty at the least; at the most, for a job, the returnee's bonus and the
  // season's (slack-month income and rice-season work exclude each other), for a training the
  // slack season's and a returnee's stipend, for a programme one priority (each needs its own
  // kind).
  std::optional<sdk::RulePoints> RulePointsFor(const Json& person, int month) const override {
    const bool returnee = person.value("prior_migration", false);
    const bool slack = IsSlackMonth(month);
    const double jobs =
        (returnee ? kReturneeLocalWork : 0) + (slack ? kSlackSeasonIncome : kRiceSeasonWork);
    const double trainings =
        (slack ? kSlackSeasonTraining : 0) + (returnee ? kStipendForReturnees : 0);
    const double programmes =
        std::max({kFarmHouseholdPriority, kSlackSeasonCashForWork, kReturneeLivelihood});
    return sdk::RulePoints{kWorkAbroad, std::max({jobs, trainings, programmes})};
  }

  std::vector<RuleHit> TrainingRules(const Json& person, const Json& training,
                                     int month) const override {
    std::vector<RuleHit> hits;
    if (training.value("province", "") == kProvince && IsSlackMonth(month)) {
      hits.push_back({"slack-season-training", kSlackSeasonTraining,
                      "training in the slack season, when the alternative is often migration",
                      "វគ្គបណ្តុះបណ្តាលក្នុងរដូវទំនេរ នៅពេលដែលជម្រើសផ្សេងច្រើនតែជាការចំណាកស្រុក"});
    }
    if (person.value("prior_migration", false) &&
        training.value("stipend", Json::object()).value("amount", 0.0) > 0) {
      hits.push_back({"stipend-for-returnees", kStipendForReturnees,
                      "a stipend makes training possible for a returnee without income",
                      "ប្រាក់ឧបត្ថម្ភធ្វើឱ្យអ្នកវិលត្រឡប់ពីចំណាកស្រុកដែលគ្មានប្រាក់ចំណូល អាចចូលរៀនវគ្គបណ្តុះបណ្តាលបាន"});
    }
    return hits;
  }

  // The province's priorities among livelihood programmes: what keeps a farming household at home
  // through the slack months comes first, and most for someone who has already migrated.
  std::vector<RuleHit> ProgrammeRules(const Json& person, const Json& programme,
                                      int month) const override {
    std::vector<RuleHit> hits;
    if (programme.value("province", "") != kProvince) return hits;
    const std::string kind = programme.value("kind", "");
    if (kind == "agricultural_inputs" || kind == "home_garden_food_security") {
      hits.push_back({"farm-household-priority", kFarmHouseholdPriority,
                      "inputs for the household's own farm: Prey Veng's priority for keeping rice "
                      "farming families at home",
                      "ធាតុចូលកសិកម្មសម្រាប់ចម្ការផ្ទាល់របស់គ្រួសារ៖ អាទិភាពរបស់ខេត្តព្រៃវែង "
                      "ដើម្បីឱ្យគ្រួសារកសិករធ្វើស្រែនៅស្រុកកំណើត"});
    }
    if (kind == "cash_for_work" && IsSlackMonth(month)) {
      hits.push_back({"slack-season-cash-for-work", kSlackSeasonCashForWork,
                      "paid days in the slack months between rice seasons, when most people leave "
                      "to look for work",
                      "ថ្ងៃធ្វើការដែលមានប្រាក់ឈ្នួល ក្នុងខែទំនេរចន្លោះរដូវធ្វើស្រែ "
                      "នៅពេលដែលមនុស្សភាគច្រើនចាកចេញទៅរកការងារធ្វើ"});
    }
    if (person.value("prior_migration", false) &&
        (kind == "self_employment_grant" || kind == "savings_group")) {
      hits.push_back({"returnee-livelihood", kReturneeLivelihood,
                      "a livelihood of their own for someone who has migrated before",
                      "មុខរបរចិញ្ចឹមជីវិតផ្ទាល់ខ្លួន សម្រាប់អ្នកដែលធ្លាប់ចំណាកស្រុកពីមុន"});
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    if (!vacancy.value("work_abroad", false)) return flags;
    const std::string text = sdk::AdvertText(vacancy);
    const bool fees = vacancy.value("worker_fees", Json::object()).value("amount", 0.0) > 0;
    const bool irregular = sdk::ContainsAny(text, {"broker", "no passport", "passport not needed",
                                                   "border pass", "walk across", "មេខ្យល់"});
    if (fees || irregular) {
      flags.push_back({"irregular-cross-border", "irregular_cross_border_recruitment",
                       Severity::kBlock,
                       "cross-border recruitment through a broker, a border pass or fees paid by "
                       "the worker: the route by which many of Prey Veng's migrants end up in "
                       "forced labour",
                       "ការជ្រើសរើសឆ្លងព្រំដែនតាមរយៈមេខ្យល់ ប័ណ្ណឆ្លងដែន ឬថ្លៃសេវាដែលកម្មករបង់ដោយខ្លួនឯង៖ "
                       "ជាផ្លូវដែលពលករចំណាកស្រុកជាច្រើនពីខេត្តព្រៃវែងធ្លាក់ទៅក្នុងពលកម្មដោយបង្ខំ"});
    } else {
      flags.push_back({"cross-border", "work_abroad_mou", Severity::kReview,
                       "work in Thailand must go through a licensed agency under the Cambodia-"
                       "Thailand MoU; check the agency's licence",
                       "ការងារនៅប្រទេសថៃត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ "
                       "ស្របតាមអនុស្សរណៈនៃការយោគយល់គ្នា (MoU) រវាងកម្ពុជា និងថៃ៖ "
                       "សូមពិនិត្យអាជ្ញាប័ណ្ណរបស់ទីភ្នាក់ងារ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(PreyVeng)
