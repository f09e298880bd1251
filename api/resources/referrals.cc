// /v1/referrals and /v1/allocations: officers (in their provinces) and admins refer people and
// run allocations; an employer reads and moves on the referrals to its own vacancies, each with
// the minimal view of the person. Scope is the service layer's.
#include "homeward/base/time.h"
#include "resources/common.h"
#include "resources/resources.h"
#include "views/views.h"

namespace homeward::api {

using model::Role;

namespace {

// A date field the schema already checked ("YYYY-MM-DD").
std::optional<Date> DateField(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  return Date::Parse(body[name].get<std::string>());
}

referral::NewReferral NewReferralFrom(const nlohmann::json& body) {
  referral::NewReferral request;
  request.individual_id = body.at("individual_id").get<std::string>();
  request.opportunity_id = body.at("opportunity_id").get<std::string>();
  request.note = body.value("note", "");
  if (body.contains("allocation_id")) request.allocation_id = body["allocation_id"];
  if (body.contains("status")) model::FromString(body["status"], request.status);
  request.follow_up_on = DateField(body, "follow_up_on");
  return request;
}

referral::ReferralPatch PatchFrom(const nlohmann::json& body) {
  referral::ReferralPatch patch;
  if (body.contains("status")) {
    referral::Transition change;
    model::FromString(body["status"], change.to);
    change.note = body.value("note", "");
    if (body.contains("reason")) change.reason = body["reason"];
    patch.transition = std::move(change);
  }
  if (body.contains("follow_up_on")) patch.follow_up_on = DateField(body, "follow_up_on");
  return patch;
}

Response Answer(const StatusOr<service::ReferralView>& view, int status = 200) {
  if (!view.ok()) return Problem(view.status());
  if (status == 201)
    return Created(views::Referral(*view), "/v1/referrals/" + view->referral.meta.id);
  return JsonResponse(status, views::Referral(*view));
}

}  // namespace

void RegisterReferrals(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});
  const Permission parties = Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer});

  router.Add(
      {"POST", "/v1/referrals", officers, "",
       [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "referral.create.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         service.referrals().CreateReferral(
             call.caller, NewReferralFrom(*body),
             [reply](StatusOr<service::ReferralView> created) { reply(Answer(created, 201)); });
       },
       /*idempotent=*/true});

  router.Add({"GET", "/v1/referrals", parties, "", [&service](Call call, Reply reply) {
                const std::optional<std::string> due = call.request.Query("follow_up_due");
                if (due && *due != "true" && *due != "false") {
                  return reply(Problem(Status::InvalidArgument(
                      "bad query", {{"/follow_up_due", "must be true or false"}})));
                }
                if (due == "true") {
                  auto limit = LimitFrom(call.request, store::ListOptions{}.limit,
                                         store::ListOptions::kMaxLimit);
                  if (!limit.ok()) return reply(Problem(limit.status()));
                  auto items =
                      service.referrals().FollowUpsDue(call.caller, static_cast<size_t>(*limit));
                  if (!items.ok()) return reply(Problem(items.status()));
                  store::Page<service::ReferralView> page{std::move(*items), std::nullopt};
                  return reply(PageResponse(page, views::Referral));
                }
                auto options = ListOptionsFrom(
                    call.request, {"status", "individual_id", "opportunity_id", "employer_id"});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.referrals().ListReferrals(call.caller, std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(PageResponse(*page, views::Referral));
              }});

  router.Add({"GET", "/v1/referrals/{id}", parties, "", [&service](Call call, Reply reply) {
                reply(Answer(service.referrals().GetReferral(call.caller, call.Param("id"))));
              }});

  router.Add({"PATCH", "/v1/referrals/{id}", parties, "", [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "referral.patch.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                service.referrals().UpdateReferral(
                    call.caller, call.Param("id"), PatchFrom(*body),
                    [reply](StatusOr<service::ReferralView> changed) { reply(Answer(changed)); });
              }});

  router.Add(
      {"POST", "/v1/referrals/{id}/check-ins", officers, "", [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "check-in.create.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         model::CheckIn check_in = body->get<model::CheckIn>();
         const std::string id = call.Param("id");
         service.referrals().RecordCheckIn(
             call.caller, id, std::move(check_in),
             [reply, id](StatusOr<service::RecordedCheckIn> recorded) {
               if (!recorded.ok()) return reply(Problem(recorded.status()));
               reply(Created(views::CheckIn(*recorded), "/v1/referrals/" + id + "/check-ins"));
             });
       }});

  router.Add(
      {"GET", "/v1/referrals/{id}/check-ins", officers, "", [&service](Call call, Reply reply) {
         const std::string id = call.Param("id");
         auto check_ins = service.referrals().ListCheckIns(call.caller, id);
         if (!check_ins.ok()) return reply(Problem(check_ins.status()));
         nlohmann::json items = nlohmann::json::array();
         for (model::CheckIn& check_in : *check_ins) {
           items.push_back(views::CheckIn({id, std::move(check_in)}));
         }
         reply(JsonResponse(200, {{"items", std::move(items)}}));
       }});

  router.Add({"POST", "/v1/allocations", officers, "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "allocation.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                allocation::AllocationRequest request;
                request.province = body->at("province").get<std::string>();
                model::FromString(body->at("kind").get<std::string>(), request.kind);
                request.individuals = body->value("individuals", std::vector<std::string>{});
                service.referrals().CreateAllocation(
                    call.caller, std::move(request),
                    ReplyRecord<model::Allocation>(reply, "/v1/allocations"));
              },
              /*idempotent=*/true});

  router.Add({"GET", "/v1/allocations/{id}", officers, "", [&service](Call call, Reply reply) {
                reply(
                    ReadResponse(service.referrals().GetAllocation(call.caller, call.Param("id"))));
              }});
}

}  // namespace homeward::api
