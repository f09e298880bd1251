// The referral path (docs/referrals.md): referrals, follow-ups and check-ins, province-wide
// allocations, and the summary report.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/allocation/run.h"
#include "homeward/model/allocation.h"
#include "homeward/model/referral.h"
#include "homeward/referral/outcomes.h"
#include "homeward/referral/report.h"
#include "homeward/service/caller.h"
#include "homeward/store/repository.h"

namespace homeward::service {

// A referral as a caller may see it. For an employer (`for_employer`) the officers' notes are
// removed from its history and `person` holds the person, to be shown in the minimal view (that
// read is audited); the check-ins are never in it (they have their own route).
struct ReferralView {
  model::Referral referral;
  bool for_employer = false;
  std::optional<model::Individual> person;
};

// A post-placement check-in as recorded, and whether its answers opened a safety review of the
// job's employer.
struct RecordedCheckIn {
  std::string referral_id;
  model::CheckIn check_in;
  bool safety_review_opened = false;
};

class Referrals {
 public:
  explicit Referrals(internal::Context& context) : context_(&context) {}

  // Referrals (docs/referrals.md). An officer refers people of its provinces to opportunities
  // in its provinces and sees the referrals to those; an employer sees and updates the referrals
  // to its own vacancies, each with the minimal view of the person (field "individual", audited);
  // an admin sees all. Records are returned as the caller may see them (ReferralView).
  void CreateReferral(const Caller& caller, referral::NewReferral request, Done<ReferralView> done);
  StatusOr<ReferralView> GetReferral(const Caller& caller, std::string_view id);

  // Filters "status", "individual_id", "opportunity_id", narrowed to the caller's scope.
  StatusOr<store::Page<ReferralView>> ListReferrals(const Caller& caller,
                                                    store::ListOptions options);

  // A status change (illegal ones FAILED_PRECONDITION), a follow-up date, or both.
  void UpdateReferral(const Caller& caller, std::string id, referral::ReferralPatch patch,
                      Done<ReferralView> done);

  // The referrals whose next follow-up (docs/referrals.md, "Follow-ups") is today or past, in the
  // caller's provinces (admins: all), earliest first, at most `limit`: officers and admins.
  StatusOr<std::vector<ReferralView>> FollowUpsDue(const Caller& caller, size_t limit);

  // Post-placement check-ins (officers of the referral's and the person's provinces, admins).
  // Recording one whose answers show an ILO indicator of forced labour opens a safety review of
  // the job's employer and holds its vacancies for review (referral::RecordCheckIn).
  void RecordCheckIn(const Caller& caller, std::string referral_id, model::CheckIn check_in,
                     Done<RecordedCheckIn> done);
  StatusOr<std::vector<model::CheckIn>> ListCheckIns(const Caller& caller,
                                                     std::string_view referral_id);

  // Runs a province-wide allocation off the calling thread (officers of the province, admins);
  // UNAVAILABLE when too many allocations are already waiting. It proposes; it refers no one.
  void CreateAllocation(const Caller& caller, allocation::AllocationRequest request,
                        Done<model::Allocation> done);
  StatusOr<model::Allocation> GetAllocation(const Caller& caller, std::string_view id) const;

  // The summary report of `province` (every province in the caller's scope when absent):
  // analysts of their provinces and admins; PERMISSION_DENIED for a province outside the scope.
  StatusOr<referral::SummaryReport> Summary(const Caller& caller,
                                            const std::optional<std::string>& province) const;

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
