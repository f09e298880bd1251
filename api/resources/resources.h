// One registration function per resource file: each adds its routes, with their permissions, to
// the router. To add a resource: write resources/<name>.cc with a Register<Name>(router,
// service) that calls router.Add({method, pattern, Permission::Roles({...}), audit, handler}),
// declare it here, and call it from RegisterAll.
#pragma once

#include <memory>

#include "homeward/service/homeward.h"
#include "match_bodies.h"
#include "router.h"

namespace homeward::api {

// What the meta routes report.
struct ServerInfo {
  std::string version;
};

void RegisterMeta(Router& router, const ServerInfo& info);
void RegisterApiKeys(Router& router, service::Homeward& service);
// An erased person's match bodies are forgotten with them.
void RegisterIndividuals(Router& router, service::Homeward& service,
                         std::shared_ptr<MatchBodies> bodies);
void RegisterEmployers(Router& router, service::Homeward& service);
void RegisterVacancies(Router& router, service::Homeward& service);
void RegisterTrainings(Router& router, service::Homeward& service);
void RegisterProgrammes(Router& router, service::Homeward& service);
void RegisterMatches(Router& router, service::Homeward& service,
                     std::shared_ptr<MatchBodies> bodies);
void RegisterAudit(Router& router, service::Homeward& service);
void RegisterReferrals(Router& router, service::Homeward& service);  // and allocations
void RegisterProvinces(Router& router, service::Homeward& service);  // plugins, markets
void RegisterReports(Router& router, service::Homeward& service);
void RegisterReferenceData(Router& router, service::Homeward& service);  // rates, costs
void RegisterOfferComparisons(Router& router, service::Homeward& service);
void RegisterMetrics(Router& router, service::Homeward& service);

// Every route of the API.
void RegisterAll(Router& router, service::Homeward& service, const ServerInfo& info);

}  // namespace homeward::api
