// Match lists both ways: a person's opportunities and a vacancy's candidates.
#include <variant>

#include "homeward/model/json.h"
#include "views/views.h"

namespace homeward::api::views {
namespace {

// An item of either list: `subject` is the opportunity (`as` "opportunity") or the person
// ("individual").
nlohmann::json Item(const matching::Match& match, const char* as, nlohmann::json subject) {
  nlohmann::json item = nlohmann::json::object();
  item[as] = std::move(subject);
  item["kind"] = model::ToString(match.kind);
  item["score"] = match.score;
  nlohmann::json components = nlohmann::json::array();
  for (const matching::Component& c : match.components) {
    components.push_back({{"name", c.name},
                          {"score", c.score},
                          {"weight", c.weight},
                          {"reason", c.reason},
                          {"code", c.code},
                          {"params", c.params}});
  }
  item["components"] = std::move(components);
  // Built like `components` above, one object per rule; the fields differ.
  nlohmann::json rules = nlohmann::json::array();
  for (const policy::RuleEffect& r : match.rules) {
    // The plugin's own words, in English and, when it gives them (ABI minor 3), in Khmer.
    rules.push_back({{"plugin", r.plugin},
                     {"rule", r.rule},
                     {"effect", r.points},
                     {"reason", r.reason},
                     {"code", "plugin.rule"},
                     {"params", reference::PluginWords(r.plugin, r.rule, r.reason, r.reason_km)}});
  }
  item["rules"] = std::move(rules);
  if (match.kind == model::OpportunityKind::kTraining) item["closes_skills"] = match.closes_skills;
  if (!match.unlocks.empty()) item["unlocks"] = match.unlocks;
  return item;
}

}  // namespace

std::string Matches(const std::vector<service::MatchedOpportunity>& items,
                    reference::Language language) {
  nlohmann::json list = nlohmann::json::array();
  for (const service::MatchedOpportunity& item : items) {
    nlohmann::json opportunity;
    if (item.opportunity) {
      std::visit([&](const auto& record) { opportunity = record; }, *item.opportunity);
    }
    list.push_back(Item(item.match, "opportunity", std::move(opportunity)));
  }
  nlohmann::json body = {{"items", std::move(list)}};
  reference::LocalizeExplanations(body, language);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json Candidates(const std::vector<service::Candidate>& candidates) {
  nlohmann::json items = nlohmann::json::array();
  for (const service::Candidate& candidate : candidates) {
    nlohmann::json item = Item(candidate.match, "individual", model::MinimalView(candidate.person));
    item["vulnerability"] = candidate.match.vulnerability;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace homeward::api::views
