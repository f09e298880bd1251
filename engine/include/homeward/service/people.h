// People: their records (vulnerability computed on every write, one audit row for every read or
// change) and the stay-home comparisons saved with them.
#pragma once

#include <string>
#include <string_view>

#include "homeward/model/individual.h"
#include "homeward/offer/comparison.h"
#include "homeward/service/caller.h"
#include "homeward/store/repository.h"

namespace homeward::service {

// Need to know (docs/api.md, "Safeguards along the referral path"): true for admins and the
// person's case officers, who see the sensitive fields.
bool NeedsToKnow(const Caller& caller, const model::Individual& person);

// A person's record as a caller may see it: in full (NeedsToKnow, or a break-glass read), else
// only the fields of model::ReducedView.
struct PersonView {
  model::Individual person;
  bool full = false;
};
PersonView ViewFor(const Caller& caller, model::Individual person);

// The longest break-glass reason accepted (People::GetIndividual), in bytes.
inline constexpr size_t kMaxBreakGlassReason = 500;

class People {
 public:
  explicit People(internal::Context& context) : context_(&context) {}

  // Individuals: computes the vulnerability on every write; every call writes one audit row.
  void CreateIndividual(const Caller& caller, model::Individual person,
                        Done<model::Individual> done);

  // Records come as `caller` may see them (ViewFor). A non-empty `break_glass` (the
  // reason, at most kMaxBreakGlassReason bytes, else INVALID_ARGUMENT) shows the full record to
  // an officer of the province who is not a case officer, and writes the audit row
  // "individual.break_glass" (its failure refuses the read).
  StatusOr<PersonView> GetIndividual(const Caller& caller, std::string_view id,
                                     std::string_view break_glass = {});
  StatusOr<store::Page<PersonView>> ListIndividuals(const Caller& caller,
                                                    store::ListOptions options);
  void UpdateIndividual(const Caller& caller, std::string id, Edit<model::Individual> edit,
                        Done<model::Individual> done);

  // Erases the person and everything that carries them.
  void EraseIndividual(const Caller& caller, std::string id, Done<std::string> done);

  // Stay-home comparisons (docs/offer-comparison.md), for admins and officers of the person's
  // province (NOT_FOUND for a person missing or out of scope; every call writes one audit row).
  // Create checks the offer (INVALID_ARGUMENT naming each problem, nothing stored), computes its
  // net monthly income beside the person's three best local jobs' with the exchange rates in
  // force, screens it with the vacancy rules of the person's province, and saves it sealed with
  // the person (erased with them).
  void CreateOfferComparison(const Caller& caller, std::string person_id, offer::Offer offer,
                             Done<offer::Comparison> done);

  // The person's comparisons, oldest first.
  StatusOr<store::Page<offer::Comparison>> ListOfferComparisons(const Caller& caller,
                                                                std::string_view person_id,
                                                                store::ListOptions options);
  StatusOr<offer::Comparison> GetOfferComparison(const Caller& caller, std::string_view person_id,
                                                 std::string_view id);

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
