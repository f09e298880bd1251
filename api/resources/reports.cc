// GET /v1/reports/summary?province=: analysts (their provinces) and admins; JSON, or CSV when
// the client sends Accept: text/csv. The figures count people, never show them.
#include "resources/common.h"
#include "resources/resources.h"
#include "views/views.h"

namespace homeward::api {

void RegisterReports(Router& router, service::Homeward& service) {
  router.Add({"GET", "/v1/reports/summary",
              Permission::Roles({model::Role::kAdmin, model::Role::kAnalyst}), "",
              [&service](Call call, Reply reply) {
                auto report =
                    service.referrals().Summary(call.caller, call.request.Query("province"));
                if (!report.ok()) return reply(Problem(report.status()));
                const std::string accept = call.request.Header("Accept").value_or("");
                if (accept.find("text/csv") == std::string::npos) {
                  return reply(JsonResponse(200, views::Summary(*report)));
                }
                Response csv;
                csv.content_type = "text/csv; charset=utf-8";
                csv.body = views::SummaryCsv(*report);
                reply(std::move(csv));
              }});
}

}  // namespace homeward::api
