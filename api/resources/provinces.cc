// /v1/plugins, /v1/provinces and /v1/provinces/{code}/market: analysts and admins read plugins
// and market data; an analyst replaces the market data of its provinces, an admin any and
// reloads the plugins; every role may list the provinces.
#include "resources/common.h"
#include "resources/resources.h"
#include "views/views.h"

namespace homeward::api {

using model::Role;

namespace {

Response ListResponse(const std::vector<plugin::PluginView>& items) {
  return PageResponse(store::Page<plugin::PluginView>{items, std::nullopt}, views::Plugin);
}

Response ListResponse(const std::vector<plugin::ProvinceView>& items) {
  return PageResponse(store::Page<plugin::ProvinceView>{items, std::nullopt}, views::Province);
}

Response MarketResponse(const StatusOr<model::MarketData>& market) {
  if (!market.ok()) return Problem(market.status());
  return JsonResponse(200, *market);
}

}  // namespace

void RegisterProvinces(Router& router, service::Homeward& service) {
  const Permission readers = Permission::Roles({Role::kAdmin, Role::kAnalyst});
  const Permission everyone =
      Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer, Role::kAnalyst});

  router.Add({"GET", "/v1/plugins", readers, "",
              [&service](Call, Reply reply) { reply(ListResponse(service.markets().Plugins())); }});

  router.Add({"GET", "/v1/plugins/{id}", readers, "", [&service](Call call, Reply reply) {
                auto view = service.markets().Plugin(call.Param("id"));
                if (!view.ok()) return reply(Problem(view.status()));
                reply(JsonResponse(200, views::Plugin(*view)));
              }});

  router.Add({"POST", "/v1/plugins/reload", Permission::Roles({Role::kAdmin}), "",
              [&service](Call call, Reply reply) {
                auto plugins = service.markets().ReloadPlugins(call.caller);
                if (!plugins.ok()) return reply(Problem(plugins.status()));
                reply(ListResponse(*plugins));
              }});

  router.Add({"GET", "/v1/provinces", everyone, "", [&service](Call, Reply reply) {
                reply(ListResponse(service.markets().Provinces()));
              }});

  router.Add(
      {"GET", "/v1/provinces/{code}/market", readers, "", [&service](Call call, Reply reply) {
         reply(MarketResponse(service.markets().Market(call.Param("code"))));
       }});

  router.Add(
      {"PUT", "/v1/provinces/{code}/market", readers, "", [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "market-data.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         service.markets().ReplaceMarket(
             call.caller, call.Param("code"), std::move(*body),
             [reply](StatusOr<model::MarketData> market) { reply(MarketResponse(market)); });
       }});
}

}  // namespace homeward::api
