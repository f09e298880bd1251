#include "language.h"

#include <nlohmann/json.hpp>

namespace homeward::api {

reference::Language LanguageOf(const Request& request) {
  return reference::NegotiateLanguage(request.Header("Accept-Language").value_or(""));
}

void AnswerIn(reference::Language language, Response& response) {
  response.headers.emplace_back("Content-Language", std::string(reference::LanguageTag(language)));
  response.headers.emplace_back("Vary", "Accept-Language");
  const bool problem = response.content_type == "application/problem+json";
  if (language == reference::Language::kEnglish || response.shared_body ||
      response.content_type.find("json") == std::string::npos ||
      (!problem && response.body.find("\"params\"") == std::string::npos)) {
    return;
  }
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded()) return;
  reference::LocalizeExplanations(body, language);
  if (problem && body.is_object()) {
    const std::string title = "title." + std::to_string(response.status);
    if (reference::HasMessage(title)) body["title"] = reference::RenderMessage(title, {}, language);
  }
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace homeward::api
