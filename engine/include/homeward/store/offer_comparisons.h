// Stay-home comparisons saved for a person (docs/offer-comparison.md). A comparison is about a
// vulnerable person, so its document is sealed at rest like the person's own record
// (docs/formats/sealed-records.md), and it is erased with the person.
#pragma once

#include <string>
#include <string_view>

#include "homeward/base/status.h"
#include "homeward/model/json.h"
#include "homeward/store/repository.h"

namespace homeward::store {

namespace internal {
class Connection;
}

// One stored comparison: the API body without id, individual_id and timestamps in `doc`.
struct StoredOfferComparison {
  std::string id;  // ofc_...
  std::string individual_id;
  std::string created_at;
  model::Json doc;
};

class OfferComparisons {
 public:
  explicit OfferComparisons(internal::Connection& connection) : connection_(&connection) {}
  // The comparison with this id made for this person; NOT_FOUND when there is none.
  StatusOr<StoredOfferComparison> Get(std::string_view individual_id, std::string_view id) const;
  // One page of the person's comparisons, oldest first (options.filters must be empty);
  // INVALID_ARGUMENT for a bad limit, a filter or a cursor this store did not issue.
  StatusOr<Page<StoredOfferComparison>> List(std::string_view individual_id,
                                             const ListOptions& options) const;

 protected:
  internal::Connection* connection_;
};

class WriteOfferComparisons : public OfferComparisons {
 public:
  using OfferComparisons::OfferComparisons;
  // Stores a comparison for `individual_id` with a fresh id and created_at set to now, and
  // returns it as stored. FAILED_PRECONDITION when the person does not exist.
  StatusOr<StoredOfferComparison> Create(std::string individual_id, model::Json doc) const;
};

}  // namespace homeward::store
