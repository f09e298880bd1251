// People and the referral path: a person's record, referrals and check-ins as each caller may
// see them.
#include "homeward/model/json.h"
#include "views/views.h"

namespace homeward::api::views {

nlohmann::json Person(const service::PersonView& view) {
  return view.full ? nlohmann::json(view.person) : model::ReducedView(view.person);
}

nlohmann::json Referral(const service::ReferralView& view) {
  nlohmann::json body = view.referral;
  if (!view.for_employer) return body;
  for (nlohmann::json& change : body["history"]) change.erase("note");
  if (view.person) body["individual"] = model::MinimalView(*view.person);
  return body;
}

nlohmann::json CheckIn(const service::RecordedCheckIn& recorded) {
  nlohmann::json body = recorded.check_in;
  body["referral_id"] = recorded.referral_id;
  if (recorded.safety_review_opened) body["safety_review_opened"] = true;
  return body;
}

}  // namespace homeward::api::views
