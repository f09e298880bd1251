// GET /v1/health, GET /v1/openapi.json: public, no API key. GET /v1/metrics: admins, Prometheus
// text (request counts and latencies by route, index sizes, plugins, store writes); no personal
// data in any label.
#include <cstdint>
#include <memory>

#include "homeward/json/json.h"
#include "homeward/json/openapi.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

namespace {

void Metric(std::string& out, const char* name, const char* help, const char* type,
            uint64_t value) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
         name + " " + std::to_string(value) + "\n";
}

}  // namespace

void RegisterMetrics(Router& router, service::Homeward& service) {
  const Router* table = &router;
  router.Add({"GET", "/v1/metrics", Permission::Roles({model::Role::kAdmin}), "",
              [&service, table](Call, Reply reply) {
                const service::Homeward::Stats stats = service.GetStats();
                std::string out;
                table->metrics().Render(out);
                Metric(out, "homeward_auth_failures_total",
                       "Requests whose API key was missing, unknown or revoked.", "counter",
                       table->throttle().failures());
                Metric(out, "homeward_auth_throttled_total",
                       "Requests refused with 429 after repeated failed authentications.",
                       "counter", table->throttle().refusals());
                Metric(out, "homeward_index_individuals", "People in the matching index.", "gauge",
                       stats.individuals);
                Metric(out, "homeward_index_vacancies", "Vacancies in the matching index.", "gauge",
                       stats.vacancies);
                Metric(out, "homeward_index_trainings", "Trainings in the matching index.", "gauge",
                       stats.trainings);
                Metric(out, "homeward_index_programmes", "Programmes in the matching index.",
                       "gauge", stats.programmes);
                Metric(out, "homeward_plugins_loaded", "Provincial plugins loaded.", "gauge",
                       stats.plugins_loaded);
                Metric(out, "homeward_plugins_failed", "Provincial plugins failed.", "gauge",
                       stats.plugins_failed);
                Metric(out, "homeward_store_commits_total", "Write transactions committed.",
                       "counter", stats.writer.commits);
                Metric(out, "homeward_store_writes_total", "Write requests committed.", "counter",
                       stats.writer.requests);
                Metric(out, "homeward_store_failed_writes_total", "Write requests rolled back.",
                       "counter", stats.writer.failed_requests);
                Metric(out, "homeward_allocations_queued", "Allocations waiting for a worker.",
                       "gauge", stats.allocations_queued);
                Metric(out, "homeward_sealing_pending_records",
                       "Records still sealed with an older data key (0 once a rotation is done).",
                       "gauge", stats.sealing.pending);
                Metric(out, "homeward_sealing_resealed_records_total",
                       "Records re-sealed under the current data key since the start.", "counter",
                       stats.sealing.resealed);
                Metric(out, "homeward_review_queue_vacancies", "Vacancies pending review.", "gauge",
                       static_cast<uint64_t>(stats.review_queue));
                Metric(out, "homeward_review_queue_oldest_seconds",
                       "How long the vacancy longest in the review queue has waited.", "gauge",
                       static_cast<uint64_t>(stats.review_queue_oldest_seconds.value_or(0)));
                Metric(out, "homeward_audit_rows_refused_total",
                       "Reads refused because their audit row could not be queued.", "counter",
                       stats.audit_rows_refused);
                Metric(out, "homeward_audit_rows_failed_total",
                       "Queued audit rows of reads that the store did not take.", "counter",
                       stats.audit_rows_failed);
                Response response;
                response.content_type = "text/plain; version=0.0.4; charset=utf-8";
                response.body = std::move(out);
                reply(std::move(response));
              }});
}

void RegisterMeta(Router& router, const ServerInfo& info) {
  const Response health = JsonResponse(200, {{"status", "ok"}, {"version", info.version}});
  router.Add({"GET", "/v1/health", Permission::Public(), "",
              [health](Call, Reply reply) { reply(health); }});

  // Built once: the document depends only on the compiled-in schemas.
  StatusOr<nlohmann::json> openapi = json::BuildOpenApi(json::SchemaSet::Builtin());
  const Response document = openapi.ok() ? JsonResponse(200, *openapi) : Problem(openapi.status());
  router.Add({"GET", "/v1/openapi.json", Permission::Public(), "",
              [document](Call, Reply reply) { reply(document); }});
}

}  // namespace homeward::api
