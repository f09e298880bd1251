// Reference documents that admins replace through the API (exchange rates, docs/money.md;
// destination costs, docs/offer-comparison.md), every version kept. The shipped defaults are
// version 0 and live in the reference data, not here; the service parses and checks a document
// before it is stored and again when it is read back.
#pragma once

#include <string>
#include <string_view>

#include "homeward/base/status.h"
#include "homeward/model/json.h"

namespace homeward::store {

namespace internal {
class Connection;
}

// The tables of versioned reference documents.
enum class ReferenceTable { kExchangeRates, kDestinationCosts };

// One stored version of a document.
struct ReferenceVersion {
  int version = 0;         // 1, 2, ...
  std::string created_by;  // the API key id of the admin who stored it
  std::string created_at;  // RFC 3339 UTC
  model::Json doc;
};

class ReferenceVersions {
 public:
  ReferenceVersions(internal::Connection& connection, ReferenceTable table)
      : connection_(&connection), table_(table) {}
  // The latest stored version; NOT_FOUND when none was ever stored.
  StatusOr<ReferenceVersion> Current() const;

 protected:
  internal::Connection* connection_;
  ReferenceTable table_;
};

class WriteReferenceVersions : public ReferenceVersions {
 public:
  using ReferenceVersions::ReferenceVersions;
  // Stores `doc` as the next version, made by `by`, and returns it.
  StatusOr<ReferenceVersion> Put(model::Json doc, std::string_view by) const;
};

}  // namespace homeward::store
