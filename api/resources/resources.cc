#include "resources/resources.h"

#include <utility>

namespace homeward::api {

void RegisterAll(Router& router, service::Homeward& service, const ServerInfo& info) {
  // The match bodies the routes keep, shared by those that answer and forget them.
  auto bodies = std::make_shared<MatchBodies>();
  RegisterMeta(router, info);
  RegisterApiKeys(router, service);
  RegisterIndividuals(router, service, bodies);
  RegisterEmployers(router, service);
  RegisterVacancies(router, service);
  RegisterTrainings(router, service);
  RegisterProgrammes(router, service);
  RegisterMatches(router, service, std::move(bodies));
  RegisterAudit(router, service);
  RegisterReferrals(router, service);
  RegisterProvinces(router, service);
  RegisterReports(router, service);
  RegisterReferenceData(router, service);
  RegisterOfferComparisons(router, service);
  RegisterMetrics(router, service);
}

}  // namespace homeward::api
