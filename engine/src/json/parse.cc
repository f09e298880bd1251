// homeward::json::Parse: strict JSON through nlohmann's SAX interface.
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "homeward/json/json.h"
#include "internal/schema.h"

namespace homeward::json {
namespace {

using nlohmann::json;

// Builds the document like nlohmann's own DOM parser, but refuses what a lenient parser accepts:
// a key repeated in one object, and anything beyond ParseLimits. Records the first error and its
// place (a JSON pointer) and stops the parse by returning false.
class StrictHandler : public nlohmann::json_sax<json> {
 public:
  explicit StrictHandler(const ParseLimits& limits) : limits_(limits) {}

  bool null() override { return Add(json(nullptr)); }
  bool boolean(bool value) override { return Add(json(value)); }
  bool number_integer(number_integer_t value) override { return Add(json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return Add(json(value)); }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return Add(json(value));
  }
  bool string(string_t& value) override {
    if (value.size() > limits_.max_string_bytes) return StringTooLong();
    if (value.find('\0') != std::string::npos) return HasNul();
    return Add(json(std::move(value)));
  }
  bool binary(binary_t& /*value*/) override { return Fail(Where(), "binary values are not JSON"); }

  bool start_object(std::size_t /*size*/) override { return Open(json::object()); }
  bool key(string_t& name) override {
    Container& top = open_.back();
    if (name.size() > limits_.max_string_bytes) return StringTooLong();
    if (name.find('\0') != std::string::npos) return HasNul();
    if (top.value->contains(name)) {
      return Fail(internal::ChildPointer(ContainerPath(), name),
                  "duplicate key \"" + name + "\" in one object");
    }
    if (top.value->size() >= limits_.max_object_members) {
      return Fail(ContainerPath(), "object has more than " +
                                       std::to_string(limits_.max_object_members) + " members");
    }
    top.key = std::move(name);
    top.has_key = true;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*size*/) override { return Open(json::array()); }
  bool end_array() override { return Close(); }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    std::string message = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." loses its tag.
    if (size_t tag_end = message.find("] ");
        message.rfind("[json.exception", 0) == 0 && tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return Fail(Where(), message);
  }

  json& root() { return root_; }
  const std::optional<FieldError>& error() const { return error_; }

 private:
  struct Container {
    json* value;
    std::string segment;   // how the parent reaches it ("" for the root)
    std::string key;       // the member being read (or last read), for objects
    bool has_key = false;  // false until the object's first key
  };

  // The JSON pointer of the innermost open container.
  std::string ContainerPath() const {
    std::string path;
    for (const Container& c : open_) path += c.segment;
    return path;
  }

  // The JSON pointer of the value being read.
  std::string Where() const {
    return open_.empty() ? std::string() : ContainerPath() + ChildSegment(open_.back());
  }

  static std::string ChildSegment(const Container& c) {
    if (c.value->is_object()) return c.has_key ? internal::ChildPointer("", c.key) : "";
    return "/" + std::to_string(c.value->size());
  }

  bool Fail(std::string path, std::string message) {
    if (!error_) error_ = FieldError{std::move(path), std::move(message)};
    return false;
  }

  bool StringTooLong() {
    return Fail(Where(),
                "string longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
  }

  bool HasNul() { return Fail(Where(), "strings may not hold the NUL character (\\u0000)"); }

  // Places `value` in the open container (or as the root); null when a limit forbids it.
  json* Place(json&& value) {
    if (++nodes_ > limits_.max_nodes) {
      Fail(Where(), "more than " + std::to_string(limits_.max_nodes) + " values in the document");
      return nullptr;
    }
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Container& top = open_.back();
    if (top.value->is_array()) {
      if (top.value->size() >= limits_.max_array_items) {
        Fail(Where(), "array has more than " + std::to_string(limits_.max_array_items) + " items");
        return nullptr;
      }
      top.value->push_back(std::move(value));
      return &top.value->back();
    }
    return &((*top.value)[top.key] = std::move(value));
  }

  bool Add(json&& value) { return Place(std::move(value)) != nullptr; }

  bool Open(json&& container) {
    if (open_.size() >= limits_.max_depth) {
      return Fail(Where(), "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    std::string segment = open_.empty() ? std::string() : ChildSegment(open_.back());
    json* placed = Place(std::move(container));
    if (placed == nullptr) return false;
    open_.push_back({placed, std::move(segment), {}});
    return true;
  }

  bool Close() {
    open_.pop_back();
    return true;
  }

  const ParseLimits& limits_;
  json root_;
  std::vector<Container> open_;
  std::optional<FieldError> error_;
  size_t nodes_ = 0;
};

}  // namespace

StatusOr<nlohmann::json> Parse(std::string_view text, const ParseLimits& limits) {
  try {
    StrictHandler handler(limits);
    bool ok = json::sax_parse(text.data(), text.data() + text.size(), &handler,
                              json::input_format_t::json, /*strict=*/true,
                              /*ignore_comments=*/false);
    if (!ok || handler.error()) {
      FieldError error = handler.error().value_or(FieldError{"", "malformed JSON"});
      std::string message = "malformed JSON: " + error.message;
      return Status::InvalidArgument(std::move(message), {std::move(error)});
    }
    return std::move(handler.root());
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("JSON document too large to hold in memory");
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace homeward::json
