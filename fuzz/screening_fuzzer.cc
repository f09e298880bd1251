// libFuzzer target: advert text through the screening normaliser and every rule, national
// defaults of a province picked by the first byte, with the wage and age read from the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "homeward/model/json.h"
#include "homeward/policy/national.h"
#include "homeward/screening/screening.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  homeward::screening::NormaliseText(text);

  static const char* kProvinces[] = {"KH-12", "KH-14", "KH-1", "KH-3", "KH-9", "KH-17", "KH-18"};
  static const char* kSectors[] = {"garment",     "construction", "agriculture",
                                   "hospitality", "fishing",      "manufacturing"};
  const char* province = kProvinces[data[0] % (sizeof kProvinces / sizeof *kProvinces)];
  nlohmann::json vacancy = {
      {"employer_id", "emp_00000000000000000000000000000000"},
      {"title", text.substr(0, text.size() / 3)},
      {"description", text},
      {"occupation", "8153"},
      {"sector", kSectors[(data[0] >> 3) % (sizeof kSectors / sizeof *kSectors)]},
      {"province", province},
      {"district", "District"},
      {"wage", {{"amount", (data[0] & 7) * 60}, {"currency", "USD"}, {"period", "month"}}},
      {"hours_per_week", 48},
      {"slots", 1},
      {"contract", "permanent"}};
  auto parsed = homeward::model::ParseModel<homeward::model::Vacancy>(vacancy);
  if (!parsed.ok()) __builtin_trap();  // the template above no longer fits the model
  homeward::model::Employer employer;
  employer.province = province;
  auto policy = homeward::policy::NationalDefaults(province);
  homeward::screening::Screen(*parsed, employer, *policy, homeward::Date{2026, 6, 1});
  return 0;
}
