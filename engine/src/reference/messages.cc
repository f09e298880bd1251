#include "homeward/reference/messages.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "homeward/reference/embedded_reference.h"

namespace homeward::reference {
namespace {

struct Templates {
  std::string en;
  std::string km;
};

using Catalogue = std::map<std::string, Templates, std::less<>>;

const Catalogue& Messages() {
  // The data is part of the build: a malformed catalogue is a build defect and aborts at first use.
  static const Catalogue* const catalogue = [] {
    try {
      auto* out = new Catalogue();
      const model::Json j = model::Json::parse(embedded::find("messages.json"));
      for (const auto& [code, text] : j.at("messages").items()) {
        (*out)[code] = {text.at("en").get<std::string>(), text.at("km").get<std::string>()};
      }
      return out;
    } catch (const std::exception& e) {
      std::cerr << "homeward: embedded message catalogue is malformed: " << e.what() << '\n';
      std::abort();
    }
  }();
  return *catalogue;
}

const std::string* TemplateOf(std::string_view code, Language language) {
  const Catalogue& catalogue = Messages();
  auto it = catalogue.find(code);
  if (it == catalogue.end()) return nullptr;
  return language == Language::kKhmer ? &it->second.km : &it->second.en;
}

std::string Number(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// One "{...}" of a template: the parameter's text.
std::string Substitute(std::string_view field, const model::Json& params, Language language) {
  std::string_view name = field;
  std::string_view prefix;
  int decimals = -1;
  if (size_t at = field.find('@'); at != std::string_view::npos) {
    name = field.substr(0, at);
    prefix = field.substr(at + 1);
  } else if (size_t colon = field.find(':'); colon != std::string_view::npos) {
    name = field.substr(0, colon);
    decimals = std::atoi(std::string(field.substr(colon + 1)).c_str());
  }
  auto it = params.is_object() ? params.find(std::string(name)) : params.end();
  if (it == params.end()) return "{" + std::string(field) + "}";
  const model::Json& value = *it;
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number()) {
    const double number = value.get<double>();
    text = Number(number, decimals >= 0 ? decimals : number == std::floor(number) ? 0 : 2);
  } else {
    text = value.dump();
  }
  if (!prefix.empty()) {
    const std::string code = std::string(prefix) + "." + text;
    if (HasMessage(code)) return RenderMessage(code, params, language);
  }
  return text;
}

// A template cut into its fixed text and its parameters ("{name}", "{name:N}", "{name@prefix}").
struct Piece {
  std::string_view text;  // the fixed text, or the parameter's name
  bool parameter;
};

std::vector<Piece> Pieces(std::string_view text) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    if (open > i) pieces.push_back({text.substr(i, open - i), false});
    const std::string_view field = text.substr(open + 1, close - open - 1);
    pieces.push_back({field.substr(0, field.find_first_of(":@")), true});
    i = close + 1;
  }
  if (i < text.size()) pieces.push_back({text.substr(i), false});
  return pieces;
}

size_t FixedLength(const std::vector<Piece>& pieces) {
  size_t n = 0;
  for (const Piece& piece : pieces) n += piece.parameter ? 0 : piece.text.size();
  return n;
}

// True when `text` is what pieces[i...] make; each parameter stands for the shortest non-empty
// text that lets the rest match, and a parameter named twice for the same text both times.
bool Matches(const std::vector<Piece>& pieces, size_t i, std::string_view text,
             model::Json& params) {
  if (i == pieces.size()) return text.empty();
  const Piece& piece = pieces[i];
  if (!piece.parameter) {
    return text.substr(0, piece.text.size()) == piece.text &&
           Matches(pieces, i + 1, text.substr(piece.text.size()), params);
  }
  const std::string name(piece.text);
  for (size_t n = 1; n <= text.size(); ++n) {
    const std::string value(text.substr(0, n));
    if (auto known = params.find(name); known != params.end() && *known != value) continue;
    model::Json tried = params;
    tried[name] = value;
    if (Matches(pieces, i + 1, text.substr(n), tried)) {
      params = std::move(tried);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view LanguageTag(Language language) {
  return language == Language::kKhmer ? "km" : "en";
}

Language NegotiateLanguage(std::string_view header) {
  double khmer = -1, english = -1, any = -1;
  int khmer_at = 0, english_at = 0, any_at = 0, position = 0;  // where each was listed
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view member = header.substr(start, comma - start);
    start = comma + 1;
    const size_t semicolon = member.find(';');
    std::string_view range = member.substr(0, semicolon);
    auto trim = [](std::string_view s) {
      const size_t b = s.find_first_not_of(" \t");
      if (b == std::string_view::npos) return std::string_view();
      return s.substr(b, s.find_last_not_of(" \t") - b + 1);
    };
    range = trim(range);
    if (range.empty()) continue;
    ++position;
    double q = 1;
    if (semicolon != std::string_view::npos) {
      // Parameters: only "q" counts; a malformed weight makes the range not acceptable.
      std::string_view params = member.substr(semicolon + 1);
      while (!params.empty()) {
        const size_t next = params.find(';');
        std::string_view param = trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          const std::string value(trim(param.substr(2)));
          char* end = nullptr;
          q = std::strtod(value.c_str(), &end);
          if (value.empty() || end != value.c_str() + value.size() || q < 0 || q > 1) q = 0;
        }
      }
    }
    std::string lower(range);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto primary = [&lower](std::string_view tag) {
      return lower == tag || (lower.size() > tag.size() && lower.compare(0, tag.size(), tag) == 0 &&
                              lower[tag.size()] == '-');
    };
    // The first occurrence of a range keeps its weight (a later duplicate does not raise it).
    if (primary("km")) {
      if (khmer < 0) std::tie(khmer, khmer_at) = std::pair(q, position);
    } else if (primary("en")) {
      if (english < 0) std::tie(english, english_at) = std::pair(q, position);
    } else if (lower == "*") {
      if (any < 0) std::tie(any, any_at) = std::pair(q, position);
    }
  }
  // A range not named takes the wildcard's weight (RFC 9110: "*" matches every other tag).
  if (khmer < 0) std::tie(khmer, khmer_at) = std::pair(any, any_at);
  if (english < 0) std::tie(english, english_at) = std::pair(any, any_at);
  // Equal weights: the one listed first.
  const bool khmer_wins = khmer > english || (khmer == english && khmer_at < english_at);
  return khmer > 0 && khmer_wins ? Language::kKhmer : Language::kEnglish;
}

std::string RenderMessage(std::string_view code, const model::Json& params, Language language) {
  const std::string* text = TemplateOf(code, language);
  if (text == nullptr) return std::string(code);
  std::string out;
  out.reserve(text->size() + 32);
  size_t i = 0;
  while (i < text->size()) {
    const size_t open = text->find('{', i);
    if (open == std::string::npos) break;
    const size_t close = text->find('}', open);
    if (close == std::string::npos) break;
    out.append(*text, i, open - i);
    out += Substitute(std::string_view(*text).substr(open + 1, close - open - 1), params, language);
    i = close + 1;
  }
  out.append(*text, i, std::string::npos);
  return out;
}

bool HasMessage(std::string_view code) {
  return TemplateOf(code, Language::kEnglish) != nullptr;
}

std::optional<Recognised> Recognise(std::string_view english, std::string_view prefix) {
  std::optional<Recognised> best;
  size_t best_fixed = 0;
  const Catalogue& catalogue = Messages();
  for (auto it = catalogue.lower_bound(prefix);
       it != catalogue.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const std::vector<Piece> pieces = Pieces(it->second.en);
    model::Json params = model::Json::object();
    const size_t fixed = FixedLength(pieces);
    if ((!best || fixed > best_fixed) && Matches(pieces, 0, english, params)) {
      best = Recognised{it->first, std::move(params)};
      best_fixed = fixed;
    }
  }
  return best;
}

model::Json PluginWords(std::string_view plugin, std::string_view rule, std::string_view text,
                        std::string_view text_km) {
  return {{"plugin", plugin},
          {"rule", rule},
          {"text", text},
          {"text_km", text_km.empty() ? text : text_km}};
}

std::vector<std::string> MessageCodes() {
  std::vector<std::string> codes;
  for (const auto& [code, text] : Messages()) codes.push_back(code);
  return codes;
}

std::string MessageTemplate(std::string_view code, Language language) {
  const std::string* text = TemplateOf(code, language);
  return text ? *text : std::string();
}

void LocalizeExplanations(model::Json& body, Language language) {
  // The engine writes every explanation in English already.
  if (language == Language::kEnglish) return;
  if (body.is_array()) {
    for (model::Json& item : body) LocalizeExplanations(item, language);
    return;
  }
  if (!body.is_object()) return;
  auto params = body.find("params");
  auto code = body.find("reason_code");
  if (code == body.end()) code = body.find("code");
  if (params != body.end() && params->is_object() && code != body.end() && code->is_string() &&
      HasMessage(code->get<std::string>())) {
    for (const char* field : {"reason", "message", "detail", "label"}) {
      if (auto text = body.find(field); text != body.end() && text->is_string()) {
        *text = RenderMessage(code->get<std::string>(), *params, language);
        break;
      }
    }
  }
  for (auto& [key, value] : body.items()) {
    if (key != "params" && (value.is_object() || value.is_array())) {
      LocalizeExplanations(value, language);
    }
  }
}

}  // namespace homeward::reference
