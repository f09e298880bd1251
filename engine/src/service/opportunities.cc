// Trainings and programmes: scoped to the provinces of the officers who keep them.
#include "homeward/service/opportunities.h"

#include <string>
#include <utility>

#include "context.h"

namespace homeward::service {

// Programmes below are kept as trainings are: the same scope rules, over their own table.

void Opportunities::CreateTraining(const Caller& caller, model::Training training,
                                   Done<model::Training> done) {
  if (!MayChange(caller, training)) {
    return done(Status::PermissionDenied("the training's province is outside your scope"));
  }
  context_->Create<model::Training>(
      caller, std::move(training), std::move(done),
      [](store::WriteTx& tx) { return tx.trainings(); }, "training.create");
}

StatusOr<model::Training> Opportunities::GetTraining(const Caller& caller,
                                                     std::string_view id) const {
  return context_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.trainings(), id, caller); });
}

StatusOr<store::Page<model::Training>> Opportunities::ListTrainings(
    const Caller& caller, store::ListOptions options) const {
  if (!MaySee(caller, model::Training{})) return Status::PermissionDenied("not allowed");
  return context_->db->Read([&](store::ReadTx& tx) { return tx.trainings().List(options); });
}

void Opportunities::UpdateTraining(const Caller& caller, std::string id, Edit<model::Training> edit,
                                   Done<model::Training> done) {
  context_->Update<model::Training>(
      caller, std::move(id),
      StaysInScope(caller, std::move(edit), "the training's new province is outside your scope"),
      std::move(done), [](store::WriteTx& tx) { return tx.trainings(); }, "training.update");
}

void Opportunities::CreateProgramme(const Caller& caller, model::Programme programme,
                                    Done<model::Programme> done) {
  if (!MayChange(caller, programme)) {
    return done(Status::PermissionDenied("the programme's province is outside your scope"));
  }
  context_->Create<model::Programme>(
      caller, std::move(programme), std::move(done),
      [](store::WriteTx& tx) { return tx.programmes(); }, "programme.create");
}

StatusOr<model::Programme> Opportunities::GetProgramme(const Caller& caller,
                                                       std::string_view id) const {
  return context_->db->Read(
      [&](store::ReadTx& tx) { return CheckedGet(tx.programmes(), id, caller); });
}

StatusOr<store::Page<model::Programme>> Opportunities::ListProgrammes(
    const Caller& caller, store::ListOptions options) const {
  if (!MaySee(caller, model::Programme{})) return Status::PermissionDenied("not allowed");
  return context_->db->Read([&](store::ReadTx& tx) { return tx.programmes().List(options); });
}

void Opportunities::UpdateProgramme(const Caller& caller, std::string id,
                                    Edit<model::Programme> edit, Done<model::Programme> done) {
  context_->Update<model::Programme>(
      caller, std::move(id),
      StaysInScope(caller, std::move(edit), "the programme's new province is outside your scope"),
      std::move(done), [](store::WriteTx& tx) { return tx.programmes(); }, "programme.update");
}

}  // namespace homeward::service
