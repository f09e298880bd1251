// The service side of /v1/individuals/{id}/offer-comparisons (docs/offer-comparison.md): the
// offer's net income beside the person's best local jobs', screened and saved with the person.
#include <algorithm>
#include <memory>
#include <utility>

#include "context.h"
#include "homeward/offer/comparison.h"
#include "homeward/reference/exchange_rates.h"

namespace homeward::service {
namespace {

// How many local jobs are set beside the offer.
constexpr int kLocalOptions = 3;

constexpr char kCreateAction[] = "individual.offer_comparison.create";
constexpr char kReadAction[] = "individual.offer_comparison.read";

bool HasBenefit(const model::Vacancy& vacancy, std::string_view benefit) {
  return std::find(vacancy.benefits.begin(), vacancy.benefits.end(), benefit) !=
         vacancy.benefits.end();
}

offer::LocalJob LocalJobOf(const model::Individual& person, const model::Vacancy& vacancy) {
  offer::LocalJob job;
  job.opportunity_id = vacancy.meta.id;
  job.title = vacancy.title;
  job.wage = vacancy.wage;
  job.hours_per_week = vacancy.hours_per_week;
  if (person.location && vacancy.location) {
    job.commute_km = reference::DistanceKm(*person.location, *vacancy.location);
  }
  job.transport_provided = HasBenefit(vacancy, "transport");
  job.childcare_provided = HasBenefit(vacancy, "childcare");
  return job;
}

// The vacancy rules' flags that say something about an offer abroad, and the status they give.
model::Screening ScreenOffer(const offer::Offer& offer, const offer::CostData& data,
                             const model::Individual& person,
                             const policy::PolicyProvider& policies, const Date& today) {
  model::Screening all = screening::Screen(offer::OfferAsVacancy(offer, data, person.province),
                                           offer::OfferRecruiter(offer, today),
                                           *policies.ForProvince(person.province), today);
  model::Screening kept;
  for (model::ScreeningFlag& flag : all.flags) {
    if (!offer::AppliesToOffers(flag)) continue;
    if (flag.severity == model::FlagSeverity::kBlock) {
      kept.status = model::ScreeningStatus::kBlocked;
    } else if (flag.severity == model::FlagSeverity::kReview &&
               kept.status == model::ScreeningStatus::kClear) {
      kept.status = model::ScreeningStatus::kReview;
    }
    kept.flags.push_back(std::move(flag));
  }
  return kept;
}

// The stored document: the API body without what has its own columns.
model::Json StoredDoc(const offer::Comparison& comparison) {
  model::Json doc = comparison;
  for (const char* key : {"id", "individual_id", "created_at", "updated_at"}) doc.erase(key);
  return doc;
}

StatusOr<offer::Comparison> FromStored(const store::StoredOfferComparison& stored) {
  model::Json body = stored.doc;
  body["id"] = stored.id;
  body["individual_id"] = stored.individual_id;
  body["created_at"] = body["updated_at"] = stored.created_at;
  StatusOr<offer::Comparison> comparison = model::ParseModel<offer::Comparison>(body);
  if (!comparison.ok()) return Status::Internal("a stored comparison does not fit the model");
  return comparison;
}

// Everything of a comparison but its id and time, for `person` as stored.
StatusOr<offer::Comparison> Compare(const matching::MatchIndex& index,
                                    const policy::PolicyProvider& policies,
                                    const offer::CostDataVersion& costs,
                                    const model::Individual& person, offer::Offer offer,
                                    const Date& today) {
  const offer::CostData& data = costs.data;
  const std::shared_ptr<const model::ExchangeRates> rates = reference::RatesInForce();
  offer::Comparison c;
  c.individual_id = person.meta.id;
  c.currency = offer::ComparisonCurrency(person.household.monthly_income, person.household.debt);
  c.exchange_rates_version = rates->version;
  c.destination_costs_version = costs.version;
  HW_ASSIGN_OR_RETURN(c.offer_income, offer::OfferNet(offer, data, *rates, c.currency));

  // Jobs abroad are not local options: ask for a few more and skip them.
  HW_ASSIGN_OR_RETURN(
      std::vector<matching::Match> matches,
      index.TopOpportunities(person, matching::Kind::kJob, 2 * kLocalOptions, policies, today));
  for (const matching::Match& match : matches) {
    if (c.local.size() == static_cast<size_t>(kLocalOptions)) break;
    std::optional<model::Vacancy> vacancy = index.FindVacancy(match.opportunity_id);
    if (!vacancy || vacancy->work_abroad) continue;  // closed since the query, or not local
    HW_ASSIGN_OR_RETURN(offer::NetIncome income,
                        offer::LocalNet(LocalJobOf(person, *vacancy), person.household.dependents,
                                        data.home, *rates, c.currency));
    c.local.push_back({vacancy->meta.id, vacancy->title, std::move(income)});
  }
  c.screening = ScreenOffer(offer, data, person, policies, today);
  c.offer = std::move(offer);
  offer::Conclude(c, data);
  return c;
}

}  // namespace

void People::CreateOfferComparison(const Caller& caller, std::string person_id, offer::Offer offer,
                                   Done<offer::Comparison> done) {
  const std::optional<std::string> province = context_->index.ProvinceOfIndividual(person_id);
  if (!province || !MaySeePersonIn(caller, *province)) {
    Status audited = context_->Audit(caller, kCreateAction, person_id, "not_found");
    return done(audited.ok() ? NotFound<model::Individual>() : audited);
  }
  // One version of the cost data for the check and the arithmetic, even if it is replaced now.
  const std::shared_ptr<const offer::CostDataVersion> costs = offer::CostDataInForce();
  if (Status valid = offer::Validate(offer, costs->data); !valid.ok()) {
    return done(valid);
  }
  StatusOr<model::Individual> person =
      context_->db->Read([&](store::ReadTx& tx) { return tx.individuals().Get(person_id); });
  if (!person.ok()) {
    return done(person.status().code() == StatusCode::kNotFound ? NotFound<model::Individual>()
                                                                : person.status());
  }
  StatusOr<offer::Comparison> computed =
      Compare(context_->index, context_->policies(), *costs, *person, std::move(offer),
              context_->clock->Today());
  if (!computed.ok()) return done(computed.status());

  context_->SubmitFor<StatusOr<offer::Comparison>>(
      [caller, person_id, comparison = std::move(*computed)](
          store::WriteTx& tx) mutable -> StatusOr<StatusOr<offer::Comparison>> {
        // The person may have been erased or moved since the comparison was computed.
        StatusOr<model::Individual> current = tx.individuals().Get(person_id);
        if (!current.ok() && current.status().code() != StatusCode::kNotFound) {
          return current.status();
        }
        if (!current.ok() || !MaySee(caller, *current)) {
          HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, kCreateAction, person_id, "not_found"));
          return StatusOr<offer::Comparison>(NotFound<model::Individual>());
        }
        HW_ASSIGN_OR_RETURN(store::StoredOfferComparison stored,
                            tx.offer_comparisons().Create(person_id, StoredDoc(comparison)));
        comparison.meta = {stored.id, stored.created_at, stored.created_at};
        HW_RETURN_IF_ERROR(Context::KeepIdempotentResponse(tx, caller, stored.id));
        HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, kCreateAction, person_id, "allowed"));
        return StatusOr<offer::Comparison>(std::move(comparison));
      },
      Context::Committed(std::move(done)));
}

StatusOr<store::Page<offer::Comparison>> People::ListOfferComparisons(const Caller& caller,
                                                                      std::string_view person_id,
                                                                      store::ListOptions options) {
  HW_RETURN_IF_ERROR(context_->AuditPersonAccess(caller, person_id, kReadAction));
  HW_ASSIGN_OR_RETURN(store::Page<store::StoredOfferComparison> stored,
                      context_->db->Read([&](store::ReadTx& tx) {
                        return tx.offer_comparisons().List(person_id, options);
                      }));
  store::Page<offer::Comparison> page;
  page.next_cursor = std::move(stored.next_cursor);
  for (const store::StoredOfferComparison& item : stored.items) {
    HW_ASSIGN_OR_RETURN(offer::Comparison comparison, FromStored(item));
    page.items.push_back(std::move(comparison));
  }
  return page;
}

StatusOr<offer::Comparison> People::GetOfferComparison(const Caller& caller,
                                                       std::string_view person_id,
                                                       std::string_view id) {
  HW_RETURN_IF_ERROR(context_->AuditPersonAccess(caller, person_id, kReadAction));
  StatusOr<store::StoredOfferComparison> stored = context_->db->Read(
      [&](store::ReadTx& tx) { return tx.offer_comparisons().Get(person_id, id); });
  if (!stored.ok() && stored.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no such record");
  }
  if (!stored.ok()) return stored.status();
  return FromStored(*stored);
}

}  // namespace homeward::service
