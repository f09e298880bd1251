// The message catalogue: every sentence the API returns to explain something (a match
// component, an exclusion, a plugin rule, a screening flag, a vulnerability factor, a problem
// detail) has a stable code, parameters, and an English and a Khmer template kept as data in
// engine/data/reference/messages.json, compiled in (docs/architecture.md, "Decisions").
//
// The engine writes each sentence in English with RenderMessage and keeps its code and params
// beside it; the API renders the same code and params in the language a request negotiates.
//
// Templates: "{name}" is a parameter (a string as it is, a number without decimals when whole,
// else with two),
// "{name:N}" a number with N decimals (printf's rounding), "{name@prefix}" the catalogue's
// sentence "prefix.<value>" in the same language (an enum value's words), else the value.
//
// Thread-safety: every function may be called from any thread; the catalogue is parsed once and
// never changes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/json.h"

namespace homeward::reference {

enum class Language { kEnglish, kKhmer };

// "en" or "km" (the Content-Language of an answer).
std::string_view LanguageTag(Language language);

// The language of an answer from an Accept-Language header (RFC 9110, section 12.5.4): the
// acceptable range with the highest q-value among "km", "km-*", "en", "en-*" and "*" decides
// (equal q-values: the first listed); q=0 means "not acceptable". Khmer only when a Khmer range
// wins; English otherwise, also for a missing or malformed header.
Language NegotiateLanguage(std::string_view accept_language);

// The sentence `code` with `params` (an object) in `language`. A code missing from the
// catalogue renders as the code itself: tests prove the engine emits no such code.
std::string RenderMessage(std::string_view code, const model::Json& params,
                          Language language = Language::kEnglish);

// True when the catalogue has `code`.
bool HasMessage(std::string_view code);

// A sentence made from the catalogue: its code and the params it was made with.
struct Recognised {
  std::string code;
  model::Json params;  // each parameter's text as it stands in the sentence
};

// The code under `prefix` ("problem.", "field.") whose English template makes exactly `english`,
// with the text that stands for each parameter; among several, the template with the most fixed
// text. How sentences built as plain English (problem details, schema errors) get their codes.
std::optional<Recognised> Recognise(std::string_view english, std::string_view prefix);

// Every code of the catalogue, sorted.
std::vector<std::string> MessageCodes();

// The catalogue's raw template of `code` in `language` ("" when missing), for tests.
std::string MessageTemplate(std::string_view code, Language language);

// The params of a plugin's sentence (codes "plugin.rule", "plugin.flag"): the plugin, its rule,
// its English `text` and `text_km`, its Khmer when it gives one, else its English.
model::Json PluginWords(std::string_view plugin, std::string_view rule, std::string_view text,
                        std::string_view text_km);

// Rewrites every explanation in `body` into `language`, wherever it is nested: an object with a
// string `reason_code` (a screening flag) or `code`, and an object `params`, whose code the
// catalogue has, gets its `reason`, else its `message`, else its `detail`, else its `label` (a line
// of an offer comparison) rendered anew. Objects
// whose code the catalogue lacks (a screening flag's own code, a plugin's) are left as they are.
void LocalizeExplanations(model::Json& body, Language language);

}  // namespace homeward::reference
