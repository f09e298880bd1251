// The message catalogue: every code has an English and a Khmer template with the same
// parameters; every code the engine's explaining code names is in it; Accept-Language
// negotiation.
#include "homeward/reference/messages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "khmer.h"

namespace homeward::reference {
namespace {

using homeward::testing::HasKhmer;
using model::Json;

std::set<std::string> FieldsOf(const std::string& text) {
  std::set<std::string> fields;
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    const size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    fields.insert(text.substr(open + 1, close - open - 1));
  }
  return fields;
}

// `text` without its "{...}" fields, spaces and colons.
std::string WordsOf(const std::string& text) {
  std::string words;
  bool in_field = false;
  for (char c : text) {
    if (c == '{') in_field = true;
    if (!in_field && c != ' ' && c != ':') words += c;
    if (c == '}') in_field = false;
  }
  return words;
}

bool IsCodeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// The identifier in quotes right after each occurrence of `marker` (which ends with a quote).
std::vector<std::string> QuotedAfter(const std::string& text, const std::string& marker) {
  std::vector<std::string> out;
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    const size_t start = at + marker.size();
    size_t end = start;
    while (end < text.size() && IsCodeChar(text[end])) ++end;
    if (end < text.size() && text[end] == '"' && end > start) {
      out.push_back(text.substr(start, end - start));
    }
  }
  return out;
}

// Every string literal of `text` that is a dotted code starting with one of `prefixes`.
std::vector<std::string> CodeLiterals(const std::string& text,
                                      const std::vector<std::string>& prefixes) {
  std::vector<std::string> out;
  for (const std::string& prefix : prefixes) {
    for (const std::string& code : QuotedAfter(text, "\"" + prefix + ".")) {
      out.push_back(prefix + "." + code);
    }
  }
  return out;
}

// The source tree (ctest sets HOMEWARD_SOURCE_DIR for every test).
std::string SourceDir() {
  const char* dir = std::getenv("HOMEWARD_SOURCE_DIR");
  return dir ? dir : ".";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(MessagesTest, EveryCodeHasAnEnglishAndAKhmerTemplateWithTheSameParameters) {
  const std::vector<std::string> codes = MessageCodes();
  ASSERT_GT(codes.size(), 100u);
  for (const std::string& code : codes) {
    SCOPED_TRACE(code);
    const std::string en = MessageTemplate(code, Language::kEnglish);
    const std::string km = MessageTemplate(code, Language::kKhmer);
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(km.empty());
    // The same params, except that a plugin's sentence gives its own Khmer as "<param>_km".
    std::set<std::string> km_fields;
    for (std::string field : FieldsOf(km)) {
      const size_t suffix = field.rfind("_km");
      if (suffix != std::string::npos && suffix + 3 == field.size()) field.resize(suffix);
      km_fields.insert(field);
    }
    EXPECT_EQ(FieldsOf(en), km_fields);
    // Khmer words, except where the sentence is its parameters alone (a plugin's own words).
    if (!WordsOf(km).empty()) {
      EXPECT_TRUE(HasKhmer(km)) << km;
    }
    for (const std::string& field : FieldsOf(en)) {
      const size_t at = field.find('@');
      if (at == std::string::npos) continue;
      const std::string prefix = field.substr(at + 1) + ".";
      bool any = false;
      for (const std::string& other : codes) any = any || other.rfind(prefix, 0) == 0;
      EXPECT_TRUE(any) << "no sentence under " << prefix;
    }
  }
}

// The codes the engine's explaining code names: full literals ("match.skills.met"), and the
// composed ones (a vulnerability factor's name, an exclusion's rule, a flag of the screening
// rules, a refusal's rule).
TEST(MessagesTest, EveryCodeTheEngineNamesIsInTheCatalogue) {
  const std::string root = SourceDir();
  std::set<std::string> named;
  for (const char* file : {"engine/src/matching/match.cc", "engine/src/screening/screening.cc",
                           "engine/src/referral/outcomes.cc", "engine/src/plugin/plugin_policy.cc",
                           "engine/src/offer/comparison.cc"}) {
    const std::string text = Slurp(root + "/" + file);
    ASSERT_FALSE(text.empty()) << file;
    for (const std::string& code :
         CodeLiterals(text, {"match", "exclusion", "screening", "vulnerability", "plugin",
                             "problem", "field", "offer"})) {
      named.insert(code);
    }
    for (const std::string& name : QuotedAfter(text, "add(\""))
      named.insert("vulnerability." + name);
    for (const std::string& rule : QuotedAfter(text, "Excluded(\""))
      named.insert("exclusion." + rule);
    // refusals.Add("/path", "rule", ...): the second literal.
    for (size_t at = text.find("refusals.Add(\""); at != std::string::npos;
         at = text.find("refusals.Add(\"", at + 1)) {
      const size_t path_end = text.find('"', at + 14);
      const size_t rule_start = text.find('"', path_end + 1);
      size_t end = rule_start + 1;
      while (end < text.size() && IsCodeChar(text[end])) ++end;
      named.insert("exclusion." + text.substr(rule_start + 1, end - rule_start - 1));
    }
  }
  const Json rules = Json::parse(Slurp(root + "/engine/data/screening/rules.json"));
  for (const auto& [code, flag] : rules.at("flags").items()) {
    named.insert("screening." + code);
    if (!flag.at("public_reason").get<std::string>().empty()) {
      named.insert("screening." + code + ".public");
    }
  }
  named.insert("screening.plugin_public");
  // Prefixes that the literal pattern also catches but that are not codes.
  named.erase("screening.");
  named.erase("exclusion.");
  EXPECT_GT(named.size(), 100u);
  for (const std::string& code : named) EXPECT_TRUE(HasMessage(code)) << code;
}

TEST(MessagesTest, ScreeningSentencesAreTheRuleDataReasons) {
  const Json rules = Json::parse(Slurp(SourceDir() + "/engine/data/screening/rules.json"));
  for (const auto& [code, flag] : rules.at("flags").items()) {
    SCOPED_TRACE(code);
    EXPECT_EQ(MessageTemplate("screening." + code, Language::kEnglish),
              flag.at("reason").get<std::string>());
    if (!flag.at("public_reason").get<std::string>().empty()) {
      EXPECT_EQ(MessageTemplate("screening." + code + ".public", Language::kEnglish),
                flag.at("public_reason").get<std::string>());
    }
  }
  EXPECT_EQ(MessageTemplate("screening.plugin_public", Language::kEnglish),
            rules.at("plugin_public_reason").get<std::string>());
  // A variant quoting figures starts with the flag's own reason.
  for (const std::string& code : MessageCodes()) {
    if (code.rfind("screening.", 0) != 0) continue;
    const std::string flag = code.substr(10, code.find('.', 10) - 10);
    if (code == "screening." + flag || code == "screening." + flag + ".public") continue;
    if (!rules.at("flags").contains(flag)) continue;
    EXPECT_EQ(MessageTemplate(code, Language::kEnglish)
                  .rfind(rules.at("flags").at(flag).at("reason").get<std::string>() + " ", 0),
              0u)
        << code;
  }
}

TEST(MessagesTest, RendersParametersInEitherLanguage) {
  const Json params = {{"km", 12.6}, {"score", 70.0}};
  EXPECT_EQ(RenderMessage("match.distance.home_province_km", params),
            "In the person's home province, about 13 km away (70/100)");
  EXPECT_EQ(RenderMessage("match.distance.home_province_km", params, Language::kKhmer),
            "នៅក្នុងខេត្តដែលបុគ្គលនេះរស់នៅ ចម្ងាយប្រហែល 13 គីឡូម៉ែត្រ (70/100)");
  // An enum value's words come from the catalogue in the same language.
  const Json contract = {{"contract", "seasonal"}, {"hours", 48}, {"score", 50.0}};
  EXPECT_EQ(RenderMessage("match.preferences", contract),
            "Contract seasonal, 48 hours a week, benefits cover 50/100 of needs");
  EXPECT_EQ(RenderMessage("match.preferences", contract, Language::kKhmer),
            "កិច្ចសន្យាតាមរដូវកាល 48 ម៉ោងក្នុងមួយសប្តាហ៍ អត្ថប្រយោជន៍បំពេញតម្រូវការបាន 50/100");
  // A refusal names its rule, then the rule's sentence with the same params.
  const Json refusal = {{"rule", "under_minimum_age"},
                        {"sentence", "under_minimum_age"},
                        {"age", 14},
                        {"min_age", 15}};
  EXPECT_EQ(RenderMessage("refusal", refusal),
            "under_minimum_age: Aged 14, below the minimum age of 15");
  EXPECT_EQ(RenderMessage("refusal", refusal, Language::kKhmer),
            "under_minimum_age: អាយុ 14 ឆ្នាំ ទាបជាងអាយុអប្បបរមា 15 ឆ្នាំ");
  EXPECT_EQ(RenderMessage("no.such.code", Json::object()), "no.such.code");
}

TEST(MessagesTest, SentencesAreRecognisedByTheirEnglish) {
  auto fixed = Recognise("no such record", "problem.");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_EQ(fixed->code, "problem.not_found");
  EXPECT_EQ(fixed->params, Json::object());
  EXPECT_EQ(Recognise("is required", "field.")->code, "field.required");
  EXPECT_FALSE(Recognise("is required", "problem.").has_value());
  EXPECT_FALSE(Recognise("a sentence of nobody's", "problem.").has_value());
  // A sentence made with values gives them back, and renders again in Khmer with them.
  auto built = Recognise("must be at most 200 characters long", "field.");
  ASSERT_TRUE(built.has_value());
  EXPECT_EQ(built->code, "field.max_length");
  EXPECT_EQ(built->params, (Json{{"max", "200"}}));
  EXPECT_EQ(RenderMessage(built->code, built->params), "must be at most 200 characters long");
  EXPECT_NE(RenderMessage(built->code, built->params, Language::kKhmer).find("200"),
            std::string::npos);
  // Not a prefix or a part: the whole sentence.
  EXPECT_FALSE(Recognise("is required, or so", "field.").has_value());
}

TEST(MessagesTest, LocalizesEveryExplanationWhereverItIsNested) {
  Json body = {{"items",
                {{{"components",
                   {{{"name", "skills"},
                     {"reason", "No skills required"},
                     {"code", "match.skills.none_required"},
                     {"params", Json::object()}}}},
                  {"opportunity",
                   {{"screening",
                     {{"flags",
                       {{{"code", "work_abroad"},
                         {"reason", "The job is abroad."},
                         {"reason_code", "screening.work_abroad"},
                         {"params", Json::object()}}}}}}}}}}}};
  Json english = body;
  LocalizeExplanations(english, Language::kEnglish);
  EXPECT_EQ(english, body);
  LocalizeExplanations(body, Language::kKhmer);
  EXPECT_EQ(body["items"][0]["components"][0]["reason"], "មិនតម្រូវឱ្យមានជំនាញ");
  EXPECT_EQ(body["items"][0]["opportunity"]["screening"]["flags"][0]["reason"],
            "ការងារនេះនៅបរទេស។");
  EXPECT_EQ(body["items"][0]["opportunity"]["screening"]["flags"][0]["code"], "work_abroad");

  // An offer comparison's line, and an object with a label but no code (an API key), untouched.
  Json lines = {{"lines",
                 {{{"label", "Food and daily needs in Bangkok, Thailand"},
                   {"code", "offer.line.living"},
                   {"params", {{"where", "Bangkok, Thailand"}, {"where_km", "បាងកក ថៃ"}}}},
                  {{"label", "field office"}}}}};
  LocalizeExplanations(lines, Language::kKhmer);
  EXPECT_EQ(lines["lines"][0]["label"], "ម្ហូបអាហារ និងតម្រូវការប្រចាំថ្ងៃនៅ បាងកក ថៃ");
  EXPECT_EQ(lines["lines"][1]["label"], "field office");
}

TEST(MessagesTest, AcceptLanguageNegotiationFollowsQValues) {
  struct Case {
    const char* header;
    Language expected;
  };
  const Case cases[] = {
      {"", Language::kEnglish},
      {"km", Language::kKhmer},
      {"km-KH", Language::kKhmer},
      {"KM-kh", Language::kKhmer},
      {"en", Language::kEnglish},
      {"fr", Language::kEnglish},
      {"kmr", Language::kEnglish},  // Northern Kurdish, not Khmer
      {"en, km", Language::kEnglish},
      {"km, en", Language::kKhmer},
      {"en;q=0.5, km", Language::kKhmer},
      {"km;q=0.5, en;q=0.9", Language::kEnglish},
      {"km;q=0.9, en;q=0.5", Language::kKhmer},
      {"en;q=0.8, km;q=0.8", Language::kEnglish},  // equal: the first listed
      {"km;q=0", Language::kEnglish},
      {"km;q=0, *", Language::kEnglish},
      {"*", Language::kEnglish},
      {"*;q=0.5, km;q=0.6", Language::kKhmer},
      {"fr, km;q=0.3", Language::kKhmer},
      {"fr, km;q=0.3, *;q=0.5", Language::kEnglish},  // en takes the wildcard's 0.5
      {"km;q=abc", Language::kEnglish},
      {"km;q=1.5", Language::kEnglish},
      {" km-KH ; q=0.7 ,en;q=0.6", Language::kKhmer},
      {"km;level=1;q=0.9, en;q=0.8", Language::kKhmer},
      {",,;", Language::kEnglish},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NegotiateLanguage(c.header), c.expected) << "Accept-Language: " << c.header;
  }
  EXPECT_EQ(LanguageTag(Language::kKhmer), "km");
  EXPECT_EQ(LanguageTag(Language::kEnglish), "en");
}

}  // namespace
}  // namespace homeward::reference
