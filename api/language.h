// The language of an answer (docs/api.md, "Languages"): Accept-Language chooses English or
// Khmer for the explanations the API returns; every /v1 answer says which it is in.
#pragma once

#include "homeward/reference/messages.h"
#include "http/message.h"

namespace homeward::api {

// The language `request` negotiates (reference::NegotiateLanguage of its Accept-Language).
reference::Language LanguageOf(const Request& request);

// Puts `response` in `language`: Content-Language and Vary: Accept-Language, and, in Khmer,
// every explanation of a JSON body rendered anew (reference::LocalizeExplanations). A shared
// body (a cache's) is sent as it is: its handler answered in the language already and its cache
// keys on it.
void AnswerIn(reference::Language language, Response& response);

}  // namespace homeward::api
