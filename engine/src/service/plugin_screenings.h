// Screening without a plugin call on the store's writer thread.
//
// A vacancy's screening runs the core rules (engine code) and its province plugin's rules (a call
// into the plugin's process, which may take up to its limit by the clock). The writer thread
// holds the write lock: no plugin may make it wait. So the plugin's part is asked for before the
// transaction, on the request's thread (Add), for the vacancy and employer as they were read
// then; inside the transaction the screening takes the plugin's answer from here when it is asked
// about exactly that vacancy and employer and the policies have not changed since (the
// `generation` of the plugin set, market data and exchange rates). When they changed meanwhile,
// the screening keeps the plugin flags the vacancy already carries, and the vacancy is named in
// Missed() for a screening again after the commit (Context::RescreenLater).
//
// Thread-compatible: filled on one thread, then used by the one transaction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/model/employer.h"
#include "homeward/model/vacancy.h"
#include "homeward/policy/province_policy.h"

namespace homeward::service {

class PluginScreenings final : public policy::PolicyProvider {
 public:
  // Screenings by `policies` (the live ones) as of `generation`.
  PluginScreenings(const policy::PolicyProvider& policies, uint64_t generation);

  // Asks `vacancy`'s province plugin (if it has one) about it and `employer`.
  void Add(const model::Vacancy& vacancy, const model::Employer& employer);
  // Inside the transaction: whether the policies are still those of the screenings.
  void SetCurrentGeneration(uint64_t generation) { fresh_ = generation == generation_; }

  // Policies whose ScreenVacancy never calls a plugin (everything else is the live policy's).
  std::shared_ptr<const policy::ProvincePolicy> ForProvince(
      std::string_view province) const override;

  // The ids of the vacancies screened without their plugin's answer (kept flags instead).
  const std::vector<std::string>& Missed() const { return missed_; }
  bool missed_any() const { return missed_any_; }

 private:
  class Policy;
  // What a screening depends on: the vacancy and the employer, less their record metadata.
  static std::string Key(const model::Vacancy& vacancy, const model::Employer& employer);

  const policy::PolicyProvider& policies_;
  const uint64_t generation_;
  bool fresh_ = true;
  std::map<std::string, std::vector<model::ScreeningFlag>> answers_;
  mutable std::vector<std::string> missed_;
  mutable bool missed_any_ = false;
};

}  // namespace homeward::service
