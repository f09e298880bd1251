// Koh Kong (KH-9): a coastal border province. Fishing is the main trade and the Cham Yeam - Hat
// Lek crossing leads into Thailand's Trat province, where Cambodian fishers on Thai vessels have
// been held in forced labour at sea. The plugin blocks fishing work abroad and fishing jobs that
// keep workers' documents, and favours coastal work on shore. Sources: README.md.
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

bool IsFishingJob(const Json& vacancy) {
  // Ships' deck crews (8350) count only when the advert is about fishing: a tour-boat driver on
  // day trips is not a fisher.
  return vacancy.value("sector", "") == "fishing" ||
         sdk::IscoIn(vacancy.value("occupation", ""), {"622"}) ||
         sdk::ContainsAny(sdk::AdvertText(vacancy),
                          {"fishing", "fisher", "trawler", "vessel", "boat crew", "នេសាទ"});
}

// Deep-sea fishing and ships' deck crews: weeks or months at sea, out of reach of help.
bool IsOffshore(const Json& vacancy) {
  return sdk::IscoIn(vacancy.value("occupation", ""), {"6223"}) ||
         sdk::ContainsAny(sdk::AdvertText(vacancy),
                          {"months at sea", "offshore", "long trip", "deep sea", "trawler"});
}

class KohKong final : public sdk::Plugin {
 public:
  KohKong() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // Villages are far apart along the coast and the Cardamoms: distance weighs more.
    return {{"match", {{"distance", 0.20}, {"preferences", 0.05}}}};
  }

  std::vector<RuleHit> JobRules(const Json&, const Json& vacancy, int month) const override {
    std::vector<RuleHit> hits;
    if (IsFishingJob(vacancy) && IsOffshore(vacancy)) {
      hits.push_back({"offshore-fishing", -8,
                      "offshore fishing keeps workers at sea for long periods, out of reach of "
                      "help",
                      "ការនេសាទឆ្ងាយពីឆ្នេរ ធ្វើឱ្យកម្មករនៅលើសមុទ្ររយៈពេលយូរ ដោយគ្មាននរណាអាចជួយបាន"});
    } else if (sdk::IscoIn(vacancy.value("occupation", ""), {"6221", "9216"})) {
      hits.push_back({"shore-based-fisheries", 3,
                      "aquaculture or shore-based fisheries work, home every night",
                      "ការងារវារីវប្បកម្ម ឬការងារជលផលនៅលើគោក ដែលអាចត្រឡប់មកផ្ទះវិញរៀងរាល់យប់"});
    }
    if (sdk::IscoIn(vacancy.value("occupation", ""), {"5113", "5120", "5131", "4224"}) &&
        sdk::MonthIn(month, 10, 4)) {
      hits.push_back({"eco-tourism-season", 3,
                      "eco-tourism in the Cardamoms and on the coast is hiring for the season",
                      "អេកូទេសចរណ៍នៅជួរភ្នំក្រវាញ និងតាមឆ្នេរសមុទ្រ កំពុងជ្រើសរើសបុគ្គលិកសម្រាប់រដូវកាលនេះ"});
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json&) const override {
    std::vector<Flag> flags;
    const bool fishing = IsFishingJob(vacancy);
    const bool abroad = vacancy.value("work_abroad", false);
    if (fishing && abroad) {
      flags.push_back({"fishing-abroad", "forced_labour_at_sea", Severity::kBlock,
                       "fishing work on foreign vessels: the route by which Cambodian fishers "
                       "have been held in forced labour at sea",
                       "ការងារនេសាទលើនាវាបរទេស៖ "
                       "ជាផ្លូវដែលអ្នកនេសាទកម្ពុជាធ្លាប់ត្រូវបានឃុំខ្លួនក្នុងពលកម្មដោយបង្ខំនៅលើសមុទ្រ"});
    }
    if (fishing && vacancy.value("employer_holds_documents", false)) {
      flags.push_back({"fishing-documents", "fishing_document_retention", Severity::kBlock,
                       "a boat owner who keeps the crew's documents can keep them from leaving",
                       "ម្ចាស់ទូកដែលរក្សាទុកឯកសាររបស់នាវិក អាចរារាំងពួកគេមិនឱ្យចាកចេញបាន"});
    }
    if (fishing && !abroad && IsOffshore(vacancy)) {
      flags.push_back({"fishing-offshore", "long_trip_at_sea", Severity::kReview,
                       "long trips at sea: check the contract, the pay schedule and the right to "
                       "come ashore",
                       "ការធ្វើដំណើរយូរនៅលើសមុទ្រ៖ សូមពិនិត្យកិច្ចសន្យា កាលវិភាគបើកប្រាក់ឈ្នួល និងសិទ្ធិឡើងមកគោក"});
    }
    if (!fishing && abroad) {
      flags.push_back({"border-crossing", "work_abroad_mou", Severity::kReview,
                       "work across the Cham Yeam - Hat Lek border must go through a licensed "
                       "agency under the Cambodia-Thailand MoU",
                       "ការងារនៅម្ខាងទៀតនៃច្រកព្រំដែនចាំយាម - ហាត់លេក "
                       "ត្រូវធ្វើឡើងតាមរយៈទីភ្នាក់ងារជ្រើសរើសដែលមានអាជ្ញាប័ណ្ណ ស្របតាមអនុស្សរណៈនៃការយោគយល់គ្នា "
                       "(MoU) រវាងកម្ពុជា និងថៃ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(KohKong)
