// People: their records, each read and change audited.
#include "homeward/service/people.h"

#include <algorithm>
#include <utility>

#include "context.h"

namespace homeward::service {

void People::CreateIndividual(const Caller& caller, model::Individual person,
                              Done<model::Individual> done) {
  if (!caller.is_admin() &&
      !(caller.role == Role::kOfficer && HasProvince(caller, person.province))) {
    context_->Audit(caller, "individual.create", "", "denied").IgnoreError();  // refused anyway
    return done(Status::PermissionDenied("the person's province is outside your scope"));
  }
  // The creating officer is in charge of the case (need to know).
  if (caller.role == Role::kOfficer &&
      std::find(person.case_officers.begin(), person.case_officers.end(), caller.key_id) ==
          person.case_officers.end()) {
    person.case_officers.push_back(caller.key_id);
  }
  context_->Create<model::Individual>(
      caller, std::move(person), std::move(done),
      [](store::WriteTx& tx) { return tx.individuals(); }, "individual.create");
}

bool NeedsToKnow(const Caller& caller, const model::Individual& person) {
  return caller.is_admin() || (caller.role == Role::kOfficer &&
                               std::find(person.case_officers.begin(), person.case_officers.end(),
                                         caller.key_id) != person.case_officers.end());
}

PersonView ViewFor(const Caller& caller, model::Individual person) {
  const bool full = NeedsToKnow(caller, person);
  return {std::move(person), full};
}

StatusOr<PersonView> People::GetIndividual(const Caller& caller, std::string_view id,
                                           std::string_view break_glass) {
  if (break_glass.size() > kMaxBreakGlassReason) {
    return Status::InvalidArgument("the break-glass reason is too long",
                                   {{"/break_glass", "at most 500 bytes"}});
  }
  StatusOr<model::Individual> person = context_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.individuals(), id, caller); });
  HW_RETURN_IF_ERROR(context_->Audit(caller, "individual.read", std::string(id),
                                     person.ok() ? "allowed" : "not_found"));
  if (!person.ok()) return person.status();
  if (break_glass.empty() || NeedsToKnow(caller, *person)) {
    return ViewFor(caller, std::move(*person));
  }
  // Break glass: the full record to an officer of the province, never without its audit row.
  HW_RETURN_IF_ERROR(context_->Audit(caller, "individual.break_glass", std::string(id), "allowed",
                                     std::string(break_glass)));
  return PersonView{std::move(*person), /*full=*/true};
}

StatusOr<store::Page<PersonView>> People::ListIndividuals(const Caller& caller,
                                                          store::ListOptions options) {
  if (!caller.is_admin()) RestrictFilter(options.filters, "province", caller.provinces);
  HW_ASSIGN_OR_RETURN(
      store::Page<model::Individual> page,
      context_->db->Read([&](store::ReadTx& tx) { return tx.individuals().List(options); }));
  store::Page<PersonView> views{{}, std::move(page.next_cursor)};
  for (model::Individual& person : page.items) {
    HW_RETURN_IF_ERROR(context_->Audit(caller, "individual.read", person.meta.id, "allowed"));
    views.items.push_back(ViewFor(caller, std::move(person)));
  }
  return views;
}

void People::UpdateIndividual(const Caller& caller, std::string id, Edit<model::Individual> edit,
                              Done<model::Individual> done) {
  Edit<model::Individual> checked =
      StaysInScope(caller, std::move(edit), "the person's new province is outside your scope");
  // Consent withdrawn takes effect at once: the referrals it no longer allows are withdrawn in
  // the same transaction (the index drops the person from matching when it commits).
  Context::AfterUpdate<model::Individual> withdraw = [caller, clock = context_->clock](
                                                         store::WriteTx& tx,
                                                         const model::Individual& stored) {
    return referral::WithdrawForConsent(tx, stored, ActorOf(caller), clock->NowRfc3339()).status();
  };
  context_->Update<model::Individual>(
      caller, std::move(id), std::move(checked), std::move(done),
      [](store::WriteTx& tx) { return tx.individuals(); }, "individual.update",
      std::move(withdraw));
}

void People::EraseIndividual(const Caller& caller, std::string id, Done<std::string> done) {
  // Whether the person was found and erased; a refusal commits its audit row.
  context_->SubmitFor<bool>(
      [caller, id](store::WriteTx& tx) -> StatusOr<bool> {
        StatusOr<model::Individual> current = tx.individuals().Get(id);
        const bool visible = current.ok() && MayChange(caller, *current);
        if (visible) HW_RETURN_IF_ERROR(tx.individuals().Delete(id));
        HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, "individual.erase", id,
                                              visible ? "allowed" : "not_found"));
        return visible;
      },
      [this, id, done = std::move(done)](StatusOr<bool> erased) mutable {
        if (!erased.ok()) return done(erased.status());
        if (!*erased) return done(NotFound<model::Individual>());
        // The erased rows' old pages are still in the write-ahead log: the answer waits for the
        // checkpoint that empties it (queued behind this commit; a blocking one here, on the
        // writer thread, would deadlock).
        context_->db->SubmitCheckpoint([id, done = std::move(done)](Status cleared) {
          if (!cleared.ok()) {
            return done(Status::Unavailable(
                "the person was erased, but readers kept the write-ahead log from being cleared"));
          }
          done(id);
        });
      });
}

}  // namespace homeward::service
