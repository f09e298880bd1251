// /v1/exchange-rates: every role reads the rates in force; an admin replaces them
// (docs/money.md).
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterExchangeRates(Router& router, service::Homeward& service) {
  const Permission everyone =
      Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer, Role::kAnalyst});

  router.Add({"GET", "/v1/exchange-rates", everyone, "", [&service](Call, Reply reply) {
                reply(JsonResponse(200, service.ExchangeRatesInForce()));
              }});

  router.Add({"PUT", "/v1/exchange-rates", Permission::Roles({Role::kAdmin}), "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "exchange-rates.replace.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                StatusOr<model::ExchangeRates> rates =
                    model::ParseModel<model::ExchangeRates>(*body);
                if (!rates.ok()) return reply(Problem(rates.status()));
                service.ReplaceExchangeRates(call.caller, std::move(*rates),
                                             [reply](StatusOr<model::ExchangeRates> replaced) {
                                               reply(ReadResponse(replaced));
                                             });
              }});
}

}  // namespace homeward::api
