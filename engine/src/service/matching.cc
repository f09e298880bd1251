// Matches both ways, each read audited.
#include "homeward/service/matching.h"

#include <utility>

#include "context.h"

namespace homeward::service {

StatusOr<MatchesTicket> Matching::OpenMatches(const Caller& caller, std::string_view person_id) {
  // The index holds every person as stored, kept in step with each commit.
  HW_RETURN_IF_ERROR(context_->AuditPersonAccess(caller, person_id, "individual.matches"));
  // Read before any answer is made under it: an answer made across a change carries the stamp
  // of before the change, and is never taken for one made after.
  const Date today = context_->clock->Today();
  return MatchesTicket(std::string(person_id), today,
                       {context_->index_generation.load(), context_->policy_generation.load(),
                        today.DaysSinceEpoch()});
}

StatusOr<std::vector<MatchedOpportunity>> Matching::Matches(const MatchesTicket& ticket,
                                                            matching::Kind kind, int k) {
  std::optional<model::Individual> person = context_->index.FindIndividual(ticket.person_id());
  if (!person) return NotFound<model::Individual>();  // erased since the ticket was given
  HW_ASSIGN_OR_RETURN(
      std::vector<matching::Match> matches,
      context_->index.TopOpportunities(*person, kind, k, context_->policies(), ticket.today_));
  std::vector<MatchedOpportunity> items;
  items.reserve(matches.size());
  for (matching::Match& match : matches) {
    MatchedOpportunity item{std::move(match), std::nullopt};
    const std::string& id = item.match.opportunity_id;
    switch (item.match.kind) {
      case model::OpportunityKind::kJob:
        if (auto vacancy = context_->index.FindVacancy(id)) item.opportunity = std::move(*vacancy);
        break;
      case model::OpportunityKind::kTraining:
        if (auto training = context_->index.FindTraining(id))
          item.opportunity = std::move(*training);
        break;
      case model::OpportunityKind::kProgramme:
        if (auto programme = context_->index.FindProgramme(id)) {
          item.opportunity = std::move(*programme);
        }
        break;
    }
    items.push_back(std::move(item));
  }
  return items;
}

StatusOr<std::vector<Candidate>> Matching::Candidates(const Caller& caller,
                                                      std::string_view vacancy_id, int k) {
  HW_ASSIGN_OR_RETURN(model::Vacancy vacancy, Employers(*context_).GetVacancy(caller, vacancy_id));
  if (!caller.is_admin() && caller.role != Role::kOfficer) return NotFound<model::Vacancy>();
  // Ask for more than k: an officer sees only the people of its provinces.
  const int wanted = caller.is_admin() ? k : k * 4;
  HW_ASSIGN_OR_RETURN(std::vector<matching::Match> matches,
                      context_->index.TopCandidates(vacancy.meta.id, wanted, context_->policies(),
                                                    context_->clock->Today()));
  // The people shown are read from the store: the index keeps only what matching needs.
  return context_->db->Read([&](store::ReadTx& tx) -> StatusOr<std::vector<Candidate>> {
    std::vector<Candidate> items;
    for (matching::Match& match : matches) {
      if (static_cast<int>(items.size()) == k) break;
      StatusOr<model::Individual> person = tx.individuals().Get(match.individual_id);
      if (!person.ok() || !MaySee(caller, *person)) continue;
      HW_RETURN_IF_ERROR(
          context_->Audit(caller, "individual.candidate", match.individual_id, "allowed"));
      items.push_back({std::move(match), std::move(*person)});
    }
    return items;
  });
}

}  // namespace homeward::service
