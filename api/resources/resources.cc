#include "resources/resources.h"

namespace homeward::api {

void RegisterAll(Router& router, service::Homeward& service, const ServerInfo& info) {
  RegisterMeta(router, info);
  RegisterApiKeys(router, service);
  RegisterIndividuals(router, service);
  RegisterEmployers(router, service);
  RegisterVacancies(router, service);
  RegisterTrainings(router, service);
  RegisterProgrammes(router, service);
  RegisterMatches(router, service);
  RegisterAudit(router, service);
  RegisterReferrals(router, service);
  RegisterProvinces(router, service);
  RegisterReports(router, service);
  RegisterReferenceData(router, service);
  RegisterOfferComparisons(router, service);
  RegisterMetrics(router, service);
}

}  // namespace homeward::api
