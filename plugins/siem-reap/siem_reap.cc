// Siem Reap (KH-17): Angkor's tourism economy, busy from November to March and slack in the
// green season (May to October), when seasonal hotel and restaurant staff are let go. The plugin
// fits hospitality work and training to the season, values English for tourism jobs, and holds
// entertainment-venue adverts that come with employer housing for review. Sources: README.md.
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

bool IsHospitalityJob(const Json& vacancy) {
  return vacancy.value("sector", "") == "hospitality" ||
         sdk::IscoIn(vacancy.value("occupation", ""),
                     {"4224", "5113", "512", "513", "5142", "9112"});
}

bool IsHighSeason(int month) {
  return sdk::MonthIn(month, 11, 3);
}

class SiemReap final : public sdk::Plugin {
 public:
  SiemReap() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // Tourism swings hard with the season: the market outlook weighs more.
    return {{"match", {{"market", 0.15}, {"preferences", 0.05}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int month) const override {
    std::vector<RuleHit> hits;
    if (!IsHospitalityJob(vacancy)) return hits;
    const bool seasonal = vacancy.value("contract", "") == "seasonal";
    if (seasonal && IsHighSeason(month)) {
      hits.push_back({"high-season-hiring", 3,
                      "hotels and restaurants hire for the Angkor high "
                      "season now",
                      "សណ្ឋាគារ និងភោជនីយដ្ឋានកំពុងជ្រើសរើសបុគ្គលិកសម្រាប់រដូវភ្ញៀវច្រើននៅអង្គរឥឡូវនេះ"});
    } else if (seasonal) {
      hits.push_back({"low-season-contract", -3,
                      "a seasonal hospitality contract in the green season is likely to end "
                      "soon without work to follow",
                      "កិច្ចសន្យាការងារបដិសណ្ឋារកិច្ចតាមរដូវកាល ក្នុងរដូវវស្សាដែលភ្ញៀវតិច ទំនងជានឹងបញ្ចប់ឆាប់ៗ "
                      "ដោយគ្មានការងារបន្ត"});
    }
    if (sdk::Has(person.value("languages", Json::array()), "en")) {
      hits.push_back({"english-for-tourism", 4, "speaks English, which tourism employers pay for",
                      "និយាយភាសាអង់គ្លេសបាន ដែលជាជំនាញដែលនិយោជកក្នុងវិស័យទេសចរណ៍ផ្តល់ប្រាក់ឈ្នួលខ្ពស់ជាង"});
    }
    return hits;
  }

  std::vector<RuleHit> TrainingRules(const Json&, const Json& training, int month) const override {
    std::vector<RuleHit> hits;
    bool hospitality = false;
    for (const auto& isco : training.value("leads_to", Json::array())) {
      hospitality = hospitality ||
                    sdk::IscoIn(isco.get<std::string>(), {"4224", "5113", "512", "513", "5142"});
    }
    if (hospitality) {
      hits.push_back({"hospitality-pathway", 4,
                      "leads to a hospitality trade, Siem Reap's largest employer",
                      "នាំទៅរកមុខរបរបដិសណ្ឋារកិច្ច ដែលជាវិស័យផ្តល់ការងារធំជាងគេនៅខេត្តសៀមរាប"});
      if (!IsHighSeason(month)) {
        hits.push_back({"train-in-low-season", 2,
                        "training in the green season readies people for the high season's "
                        "hiring",
                        "វគ្គបណ្តុះបណ្តាលក្នុងរដូវវស្សាដែលភ្ញៀវតិច "
                        "ជួយឱ្យមនុស្សត្រៀមខ្លួនសម្រាប់ការជ្រើសរើសបុគ្គលិកក្នុងរដូវភ្ញៀវច្រើន"});
      }
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    const std::string text = sdk::AdvertText(vacancy);
    const bool venue = sdk::ContainsAny(text, {"karaoke", "ktv", "massage", "beer promotion",
                                               "beer girl", "hostess", "bar girl", "ខារ៉ាអូខេ"});
    if (venue) {
      const bool housed = sdk::Has(vacancy.value("benefits", Json::array()), "housing");
      flags.push_back({"entertainment-venue", "entertainment_venue",
                       housed ? Severity::kReview : Severity::kInfo,
                       housed ? "an entertainment-venue job with employer housing: a known route "
                                "to sexual exploitation; check the venue"
                              : "an entertainment-venue job: check the venue and the hours",
                       housed ? "ការងារនៅកន្លែងកម្សាន្តដែលនិយោជកផ្តល់កន្លែងស្នាក់នៅ "
                                "ដែលជាផ្លូវដែលគេស្គាល់ថានាំទៅរកការកេងប្រវ័ញ្ចផ្លូវភេទ៖ សូមពិនិត្យកន្លែងកម្សាន្តនោះ"
                              : "ការងារនៅកន្លែងកម្សាន្ត៖ សូមពិនិត្យកន្លែងកម្សាន្តនោះ និងម៉ោងធ្វើការ"});
    }
    if (sdk::ContainsAny(text, {"orphanage", "volunteer with children"})) {
      flags.push_back({"orphanage-tourism", "orphanage_tourism", Severity::kReview,
                       "orphanage tourism in Siem Reap has been linked to child trafficking",
                       "ទេសចរណ៍មណ្ឌលកុមារកំព្រានៅខេត្តសៀមរាប ត្រូវបានគេរកឃើញថាមានទំនាក់ទំនងនឹងការជួញដូរកុមារ"});
    }
    if (vacancy.value("work_abroad", false)) {
      flags.push_back({"work-abroad", "work_abroad_mou", Severity::kReview,
                       "work abroad must go through a licensed recruitment agency",
                       "ការងារនៅបរទេសត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(SiemReap)
