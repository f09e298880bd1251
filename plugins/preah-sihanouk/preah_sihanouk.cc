// Preah Sihanouk (KH-18): Sihanoukville's casinos and the online-scam compounds that recruit
// with "typing" and "customer service" jobs, high pay and no experience needed, then hold
// recruits in forced criminality. The plugin blocks adverts that carry the lure's marks, holds
// casino jobs and chat-only employers for review, and favours contracted port and SEZ work.
// Sources: README.md.
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

// How many of the scam-compound lure's marks an advert carries.
int LureMarks(const std::string& text) {
  int marks = 0;
  for (const auto& group :
       {std::initializer_list<std::string_view>{"typing", "data entry", "វាយអក្សរ"},
        {"customer service", "online", "marketing", "telesales"},
        {"high salary", "high pay", "big salary", "ប្រាក់ខែខ្ពស់"},
        {"no experience", "no skills needed", "easy job", "easy work"},
        {"free food", "free accommodation", "free housing", "free travel", "ticket paid"},
        {"chinese speaking", "chinese-speaking", "translator", "telegram", "whatsapp"}}) {
    if (sdk::ContainsAny(text, group)) ++marks;
  }
  return marks;
}

bool IsCasinoJob(const Json& vacancy) {
  return sdk::IscoIn(vacancy.value("occupation", ""), {"4212"}) ||
         vacancy.value("sector", "") == "gaming" ||
         sdk::ContainsAny(sdk::AdvertText(vacancy), {"casino", "kasino", "baccarat", "កាស៊ីណូ"});
}

class PreahSihanouk final : public sdk::Plugin {
 public:
  PreahSihanouk() : market_(Json::parse(sdk::EmbeddedMarketData())) {}

  Json MarketData() const override { return market_; }

  Json Weights() const override {
    // A survivor's history weighs more: re-trafficking into the compounds is the risk here.
    return {{"vulnerability", {{"survivor", 25}, {"prior_migration", 12}}}};
  }

  std::vector<RuleHit> JobRules(const Json& person, const Json& vacancy, int) const override {
    std::vector<RuleHit> hits;
    if (IsCasinoJob(vacancy) && person.value("survivor", false)) {
      hits.push_back({"casino-survivor", -15,
                      "a survivor should not be placed in the casino sector, which has "
                      "recruited into the scam compounds",
                      "មិនគួរដាក់ជនរងគ្រោះដែលរួចផុតពីការជួញដូរមនុស្ស ឱ្យធ្វើការក្នុងវិស័យកាស៊ីណូទេ "
                      "ព្រោះវិស័យនេះធ្លាប់ជ្រើសរើសមនុស្សចូលទៅក្នុងមជ្ឈមណ្ឌលបោកប្រាស់"});
    }
    const std::string contract = vacancy.value("contract", "");
    if (sdk::IscoIn(vacancy.value("occupation", ""), {"8", "9333", "8344"}) &&
        (contract == "permanent" || contract == "fixed_term")) {
      hits.push_back({"port-and-sez-contract", 4,
                      "contracted work in the Sihanoukville SEZ or port, with an identifiable "
                      "employer",
                      "ការងារមានកិច្ចសន្យានៅតំបន់សេដ្ឋកិច្ចពិសេសក្រុងព្រះសីហនុ ឬនៅកំពង់ផែ "
                      "ជាមួយនិយោជកដែលអាចស្គាល់អត្តសញ្ញាណបាន"});
    }
    const double median = sdk::MedianWageFor(market_, vacancy.value("occupation", ""));
    if (median > 0 && sdk::MonthlyWage(vacancy) > 2.5 * median) {
      hits.push_back({"implausible-wage", -10,
                      "pays more than two and a half times the local median for the job, a "
                      "common lure",
                      "ផ្តល់ប្រាក់ឈ្នួលលើសពី 2.5 ដងនៃមធ្យមភាគក្នុងតំបន់សម្រាប់ការងារនេះ ដែលជាល្បិចបញ្ឆោតទូទៅ"});
    }
    return hits;
  }

  std::vector<Flag> ScreenVacancy(const Json& vacancy, const Json& employer) const override {
    std::vector<Flag> flags;
    const std::string text = sdk::AdvertText(vacancy);
    const int marks = LureMarks(text);
    const double median = sdk::MedianWageFor(market_, vacancy.value("occupation", ""));
    const bool high_pay = median > 0 && sdk::MonthlyWage(vacancy) > 2.0 * median;
    if (marks >= 2 || (marks == 1 && high_pay)) {
      flags.push_back({"scam-compound-lure", "scam_compound_lure", Severity::kBlock,
                       "the advert carries the marks of online-scam compound recruitment "
                       "(typing or customer-service work, high pay, no experience, free travel "
                       "or housing, chat-app contact)",
                       "ប្រកាសការងារនេះមានសញ្ញានៃការជ្រើសរើសបុគ្គលិកសម្រាប់មជ្ឈមណ្ឌលបោកប្រាស់តាមអនឡាញ "
                       "(ការងារវាយអក្សរ ឬសេវាបម្រើអតិថិជន ប្រាក់ខែខ្ពស់ មិនត្រូវការបទពិសោធន៍ ធ្វើដំណើរ "
                       "ឬស្នាក់នៅដោយឥតគិតថ្លៃ ទាក់ទងតាមកម្មវិធីជជែក)"});
    } else if (marks == 1 && !employer.value("verified", false)) {
      // One mark alone ("customer service", "online") is ordinary work from a verified employer.
      flags.push_back({"scam-compound-lure", "possible_scam_lure", Severity::kReview,
                       "the advert carries one mark of online-scam compound recruitment",
                       "ប្រកាសការងារនេះមានសញ្ញាមួយនៃការជ្រើសរើសបុគ្គលិកសម្រាប់មជ្ឈមណ្ឌលបោកប្រាស់តាមអនឡាញ"});
    }
    if (IsCasinoJob(vacancy)) {
      flags.push_back({"casino-employer", "casino_recruitment", Severity::kReview,
                       "casino jobs in Sihanoukville have fronted for scam compounds: check the "
                       "employer's licence and premises",
                       "ការងារកាស៊ីណូនៅក្រុងព្រះសីហនុ ធ្លាប់ត្រូវបានប្រើជារបាំងបិទបាំងមជ្ឈមណ្ឌលបោកប្រាស់៖ "
                       "សូមពិនិត្យអាជ្ញាប័ណ្ណ និងទីតាំងរបស់និយោជក"});
    }
    const Json& contact = employer.value("contact", Json::object());
    const bool traceable =
        contact.contains("phone") || contact.contains("email") || contact.contains("address");
    if (contact.contains("chat") && !traceable && !employer.value("verified", false)) {
      flags.push_back({"chat-only-employer", "untraceable_employer", Severity::kReview,
                       "the employer can be reached only through a chat app",
                       "អាចទាក់ទងនិយោជកបានតែតាមរយៈកម្មវិធីជជែកប៉ុណ្ណោះ"});
    }
    return flags;
  }

 private:
  Json market_;
};

}  // namespace

HOMEWARD_PLUGIN(PreahSihanouk)
