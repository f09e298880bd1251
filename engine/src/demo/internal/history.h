// The demo's two years of history (docs/demo-data.md, "History"): for each person, a plan of
// referrals drawn from the person's own random stream, and its storing through the referral
// component (referral::CreateReferral, ChangeReferralStatus) at the planned past times, so that
// every change passes the engine's own lifecycle, eligibility and capacity rules and writes the
// audit rows the product writes. Private to the demo component; the loader drives it.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/demo/demo.h"
#include "homeward/model/referral.h"
#include "homeward/store/database.h"
#include "internal/random.h"

namespace homeward::demo::internal {

// What the history needs to know of an opportunity: when referrals to it can be made.
struct HistoryOpportunity {
  std::string id;
  int64_t opens = 0;   // first day (days since 1970) a referral is proposed
  int64_t closes = 0;  // last day one is proposed
  int64_t starts = 0;  // the course or programme starts (enrolment); unused for vacancies
  int64_t ends = 0;    // the course or programme ends (completion); unused for vacancies
  std::vector<std::string> occupations;  // what it leads to (a vacancy: its own)
};

// A planned change of a referral, at a past time (RFC 3339).
struct HistoryStep {
  model::ReferralStatus to = model::ReferralStatus::kReferred;
  std::string at;
  std::optional<std::string> reason;
  std::string note;
};

// A planned referral: the opportunities to try, best first (the first that the referral rules
// accept is referred to), and its changes after the proposal.
struct HistoryEpisode {
  std::vector<std::string> candidates;
  std::string proposed_at;
  std::string note;
  std::vector<HistoryStep> steps;
};

struct PersonHistory {
  std::string individual_id;
  std::string officer_id;  // the API key of the province's demo officer
  std::vector<HistoryEpisode> episodes;
};

class HistoryPlanner {
 public:
  explicit HistoryPlanner(const DemoOptions& options) : options_(options) {}

  // Opportunities that may be referred to (an open vacancy, any training or programme); call
  // every Add before the first Plan.
  void AddVacancy(const model::Vacancy& vacancy);
  void AddTraining(const model::Training& training);
  void AddProgramme(const model::Programme& programme);

  // The referrals of person `index` (stored with its id) over the two years before today,
  // each proposed on or after the day they were registered (consent.date) and none after today;
  // nothing for a person without consent to referral or not active. `officer_id` acts for them.
  PersonHistory Plan(const model::Individual& person, int64_t index, std::string officer_id);

 private:
  using Pool = std::vector<HistoryOpportunity>;  // ordered by `opens`
  // A course or programme, which takes referrals from `window` to `latest` days before it starts.
  template <typename T>
  void AddScheduled(const T& record, model::OpportunityKind kind, int64_t window, int64_t latest,
                    std::vector<std::string> occupations);
  // Up to `wanted` opportunities of `pool` open on `day`, those leading to one of `occupations`
  // first.
  std::vector<const HistoryOpportunity*> Candidates(const Pool& pool, int64_t day,
                                                    const std::vector<std::string>& occupations,
                                                    Random& random) const;

  const DemoOptions& options_;
  // By province: vacancies, trainings, programmes.
  std::map<std::string, std::array<Pool, 3>, std::less<>> pools_;
  bool sorted_ = false;
};

// Stores `history` through the referral component inside `tx`: each episode's referral to the
// first candidate the rules accept (none accepted: the episode is left out), then its changes in
// order. A change the rules refuse for the state of the registry (no place left, the vacancy no
// longer open) ends the referral as the product's users would: withdrawn or rejected with the
// reason position_filled. Any other error is returned.
Status StoreHistory(const store::WriteTx& tx, const PersonHistory& history);

}  // namespace homeward::demo::internal
