#include "internal/history.h"

#include <algorithm>
#include <utility>

#include "homeward/base/time.h"
#include "homeward/referral/outcomes.h"

namespace homeward::demo::internal {
namespace {

using model::OpportunityKind;
using model::ReferralStatus;
using S = ReferralStatus;

// Tuning numbers, alike in shape only to those at the top of store/database.cc (kLockAttempts and
// the rest), which tune the store.
// How many days before its closing day (a vacancy) or its start (a course, a programme) a
// referral to an opportunity may be proposed, and how close to the start at the latest.
constexpr int64_t kVacancyWindow = 30;
constexpr int64_t kTrainingWindow = 60;
constexpr int64_t kTrainingLatest = 10;
constexpr int64_t kProgrammeWindow = 45;
constexpr int64_t kProgrammeLatest = 5;
// Opportunities tried per referral, and drawn to find those that suit the person.
constexpr size_t kCandidates = 6;
constexpr int kDraws = 24;
// A person has at most this many referrals in the two years.
constexpr int kMaxEpisodes = 5;

size_t PoolOf(OpportunityKind kind) {
  return static_cast<size_t>(kind);
}

// A reason drawn by weight.
std::string PickReason(Random& random, const std::vector<std::pair<const char*, int>>& weighted) {
  std::vector<int> weights;
  for (const auto& [reason, weight] : weighted) weights.push_back(weight);
  return weighted[random.Weighted(weights)].first;
}

// Why people leave before the follow-ups or withdraw, as officers record them.
const std::vector<std::pair<const char*, int>> kWithdrawReasons = {
    {"found_other_work", 30}, {"family_or_care", 20}, {"distance_or_transport", 15},
    {"wage_too_low", 15},     {"migrated", 12},       {"health", 8}};
const std::vector<std::pair<const char*, int>> kRejectReasons = {{"skills_mismatch", 45},
                                                                 {"position_filled", 30},
                                                                 {"employer_unresponsive", 15},
                                                                 {"no_show", 10}};
const std::vector<std::pair<const char*, int>> kLeaveReasons = {
    {"wage_too_low", 24},     {"working_conditions", 20}, {"family_or_care", 15},
    {"found_other_work", 15}, {"migrated", 13},           {"health", 10},
    {"safety_concern", 3}};
const std::vector<std::pair<const char*, int>> kDropOutReasons = {{"family_or_care", 35},
                                                                  {"found_other_work", 25},
                                                                  {"distance_or_transport", 20},
                                                                  {"health", 10},
                                                                  {"migrated", 10}};

// Builds one referral's planned changes, day by day, stopping at today.
class Script {
 public:
  Script(Random& random, int64_t today, int64_t day) : random_(random), today_(today), day_(day) {}

  // RFC 3339 in office hours (08:30 to 17:00 in Cambodia, UTC+7) on `day`.
  std::string At(int64_t day) { return FormatRfc3339(day * 86400 + random_.Between(5400, 35999)); }

  // Adds a change `after` days (drawn from [lo, hi]) later; false, adding nothing, when that
  // day is after today (the referral then stays where it is: in progress).
  bool Then(S to, int64_t lo, int64_t hi, std::optional<std::string> reason = std::nullopt) {
    return On(to, day_ + random_.Between(std::max<int64_t>(1, lo), std::max<int64_t>(1, hi)),
              std::move(reason));
  }
  // Adds a change on `day` (at least a day after the last one).
  bool On(S to, int64_t day, std::optional<std::string> reason = std::nullopt) {
    day = std::max(day, day_ + 1);
    if (day > today_) {
      cut_ = true;
      return false;
    }
    day_ = day;
    HistoryStep step;
    step.to = to;
    step.at = At(day);
    step.note = NoteFor(to, reason);
    step.reason = std::move(reason);
    steps_.push_back(std::move(step));
    return true;
  }

  int64_t day() const { return day_; }
  bool cut() const { return cut_; }
  std::vector<HistoryStep> Take() { return std::move(steps_); }

 private:
  // Alike in shape only to the enum name switches StatusCodeName (base/status.cc), ToString
  // (plugin/plugin_host.cc), CountedName (store/kept_counts.cc), ResourceKindName
  // (store/repository.cc).
  static std::string NoteFor(S to, const std::optional<std::string>& reason) {
    switch (to) {
      case S::kReferred:
        return "Sent on after a call with the person";
      case S::kInterviewing:
        return "Interview arranged";
      case S::kHired:
        return "Started work";
      case S::kRetained3m:
        return "Still in the job at the 3-month call";
      case S::kRetained6m:
        return "Still in the job at the 6-month call";
      case S::kEnrolled:
        return "Enrolled";
      case S::kCompleted:
        return "Completed the programme";
      case S::kIncomeVerified6m:
        return "Household income checked at a home visit";
      default:
        return reason ? "Recorded at a follow-up call" : "";
    }
  }

  Random& random_;
  const int64_t today_;
  int64_t day_;
  bool cut_ = false;
  std::vector<HistoryStep> steps_;
};

// The follow-ups of a hire (or a course enrolment) made on the script's current day: left
// before 3 months (22%), retention not yet recorded (5%), retained at 3 months, then left before
// 6 months (15%), not recorded (5%), or retained at 6 months. True when the person is still in
// the job (or course) at the end.
bool FollowUp(Script& script, Random& random,
              const std::vector<std::pair<const char*, int>>& leave_reasons) {
  const int64_t hired = script.day();
  if (random.Chance(0.22)) {
    script.On(S::kLeft, hired + random.Between(14, 89), PickReason(random, leave_reasons));
    return script.cut();
  }
  if (random.Chance(0.05)) return true;
  if (!script.On(S::kRetained3m, hired + random.Between(90, 104))) return true;
  if (random.Chance(0.15)) {
    script.On(S::kLeft, hired + random.Between(105, 179), PickReason(random, leave_reasons));
    return script.cut();
  }
  if (random.Chance(0.05)) return true;
  script.On(S::kRetained6m, hired + random.Between(180, 194));
  return true;
}

}  // namespace

void HistoryPlanner::AddVacancy(const model::Vacancy& vacancy) {
  if (vacancy.status != model::VacancyStatus::kOpen || !vacancy.closes_on) return;
  HistoryOpportunity o;
  o.id = vacancy.meta.id;
  o.closes = vacancy.closes_on->DaysSinceEpoch();
  o.opens = o.closes - kVacancyWindow;
  o.occupations = {vacancy.occupation};
  pools_[vacancy.province][PoolOf(OpportunityKind::kJob)].push_back(std::move(o));
  sorted_ = false;
}

void HistoryPlanner::AddTraining(const model::Training& training) {
  AddScheduled(training, OpportunityKind::kTraining, kTrainingWindow, kTrainingLatest,
               training.leads_to);
}

void HistoryPlanner::AddProgramme(const model::Programme& programme) {
  AddScheduled(programme, OpportunityKind::kProgramme, kProgrammeWindow, kProgrammeLatest, {});
}

template <typename T>
void HistoryPlanner::AddScheduled(const T& record, OpportunityKind kind, int64_t window,
                                  int64_t latest, std::vector<std::string> occupations) {
  if (!record.starts_on || !record.ends_on) return;
  HistoryOpportunity o;
  o.id = record.meta.id;
  o.starts = record.starts_on->DaysSinceEpoch();
  o.ends = record.ends_on->DaysSinceEpoch();
  o.opens = o.starts - window;
  o.closes = o.starts - latest;
  o.occupations = std::move(occupations);
  pools_[record.province][PoolOf(kind)].push_back(std::move(o));
  sorted_ = false;
}

std::vector<const HistoryOpportunity*> HistoryPlanner::Candidates(
    const Pool& pool, int64_t day, const std::vector<std::string>& occupations,
    Random& random) const {
  // Every window is at most kTrainingWindow days long, so those open on `day` opened in the
  // kTrainingWindow days before it.
  const auto by_opens = [](const HistoryOpportunity& o, int64_t d) { return o.opens < d; };
  const auto first = std::lower_bound(pool.begin(), pool.end(), day - kTrainingWindow, by_opens);
  const auto last = std::lower_bound(first, pool.end(), day + 1, by_opens);
  const int64_t span = last - first;
  if (span <= 0) return {};
  // A sample of those open (all of them when there are few), those that suit the person first.
  std::vector<const HistoryOpportunity*> suited, others;
  for (int draw = 0; draw < kDraws && draw < span * 2; ++draw) {
    const HistoryOpportunity& o = *(first + random.Between(0, span - 1));
    if (o.closes < day) continue;
    const bool fits = std::any_of(o.occupations.begin(), o.occupations.end(), [&](const auto& c) {
      return std::find(occupations.begin(), occupations.end(), c) != occupations.end();
    });
    auto& list = fits ? suited : others;
    if (std::find(list.begin(), list.end(), &o) == list.end()) list.push_back(&o);
  }
  suited.insert(suited.end(), others.begin(), others.end());
  if (suited.size() > kCandidates) suited.resize(kCandidates);
  return suited;
}

PersonHistory HistoryPlanner::Plan(const model::Individual& person, int64_t index,
                                   std::string officer_id) {
  if (!sorted_) {
    for (auto& [province, pools] : pools_) {
      for (Pool& pool : pools) {
        std::stable_sort(pool.begin(), pool.end(),
                         [](const auto& a, const auto& b) { return a.opens < b.opens; });
      }
    }
    sorted_ = true;
  }
  PersonHistory history;
  history.individual_id = person.meta.id;
  history.officer_id = std::move(officer_id);
  if (person.status != model::IndividualStatus::kActive || !person.consent.date ||
      !person.consent.Covers(model::kScopeReferral)) {
    return history;
  }
  const auto found = pools_.find(person.province);
  if (found == pools_.end()) return history;
  const std::array<Pool, 3>& pools = found->second;
  Random random(options_.seed, Stream::kHistory, static_cast<uint64_t>(index));
  const int64_t today = options_.today.DaysSinceEpoch();
  const bool shares = person.consent.Covers(model::kScopeEmployerSharing);

  int64_t day = person.consent.date->DaysSinceEpoch() + random.Between(2, 30);
  while (day < today && static_cast<int>(history.episodes.size()) < kMaxEpisodes) {
    // Jobs for those who agreed to their details going to employers; courses and programmes.
    const size_t pick = random.Weighted({shares ? 55 : 0, 25, 20});
    const auto kind = static_cast<OpportunityKind>(pick);
    const std::vector<const HistoryOpportunity*> candidates =
        Candidates(pools[pick], day, person.desired_occupations, random);
    if (candidates.empty()) {
      day += random.Between(14, 45);
      continue;
    }
    HistoryEpisode episode;
    for (const HistoryOpportunity* o : candidates) episode.candidates.push_back(o->id);
    // A course or programme starts and ends on its own dates (the first choice's).
    const int64_t starts = candidates.front()->starts;
    const int64_t ends = candidates.front()->ends;
    Script script(random, today, day);
    episode.proposed_at = script.At(day);
    episode.note = "Proposed from the person's matches";
    bool stays = false;  // in a job or course at the end: no further referral
    int64_t next = 0;    // the day the officer looks for something else
    if (random.Chance(kind == OpportunityKind::kJob ? 0.12 : 0.09)) {
      script.Then(S::kWithdrawn, 1, 10, PickReason(random, kWithdrawReasons));
    } else if (kind == OpportunityKind::kProgramme) {
      if (script.Then(S::kReferred, 1, 4)) {
        if (random.Chance(0.07)) {
          script.Then(S::kWithdrawn, 1, 10, PickReason(random, kDropOutReasons));
        } else if (script.On(S::kEnrolled, starts - random.Between(0, 2))) {
          if (random.Chance(0.12)) {
            script.On(S::kWithdrawn,
                      random.Between(script.day() + 7, std::max(ends - 1, script.day() + 7)),
                      PickReason(random, kDropOutReasons));
          } else if (script.On(S::kCompleted, ends + random.Between(0, 7))) {
            const int64_t completed = script.day();
            if (random.Chance(0.75)) {
              script.On(S::kIncomeVerified6m, completed + random.Between(180, 200));
            } else {
              script.On(S::kLeft, completed + random.Between(60, 179),
                        PickReason(random, kDropOutReasons));
            }
          }
        }
      }
      // A programme is support beside work: the officer goes on looking meanwhile.
      next = day + random.Between(30, 120);
    } else if (script.Then(S::kReferred, 1, 7)) {
      const bool job = kind == OpportunityKind::kJob;
      const double x = random.Unit();
      if (x < (job ? 0.18 : 0.10)) {
        script.Then(S::kRejected, 5, 21, PickReason(random, kRejectReasons));
      } else if (x < (job ? 0.26 : 0.16)) {
        script.Then(S::kWithdrawn, 2, 14, PickReason(random, kWithdrawReasons));
      } else if (script.Then(S::kInterviewing, 3, 14)) {
        const double y = random.Unit();
        if (y < (job ? 0.30 : 0.12)) {
          script.Then(S::kRejected, 2, 10, PickReason(random, kRejectReasons));
        } else if (y < (job ? 0.40 : 0.20)) {
          script.Then(S::kWithdrawn, 1, 7, PickReason(random, kWithdrawReasons));
        } else if (job ? script.Then(S::kHired, 2, 14)
                       : script.On(S::kHired, starts - random.Between(0, 3))) {
          stays = FollowUp(script, random, job ? kLeaveReasons : kDropOutReasons);
        }
      }
    }
    stays = stays || (script.cut() && kind != OpportunityKind::kProgramme);
    if (next == 0) next = script.day() + random.Between(7, 60);
    episode.steps = script.Take();
    history.episodes.push_back(std::move(episode));
    if (stays) break;
    day = next;
  }
  return history;
}

Status StoreHistory(const store::WriteTx& tx, const PersonHistory& history) {
  referral::Actor actor;
  actor.id = history.officer_id;
  actor.role = model::Role::kOfficer;
  for (const HistoryEpisode& episode : history.episodes) {
    std::optional<model::Referral> referral;
    for (const std::string& candidate : episode.candidates) {
      referral::NewReferral request;
      request.individual_id = history.individual_id;
      request.opportunity_id = candidate;
      request.note = episode.note;
      StatusOr<model::Referral> created =
          referral::CreateReferral(tx, request, actor, episode.proposed_at);
      if (created.ok()) {
        referral = std::move(created).value();
        break;
      }
      // Refused by the eligibility rules, or already referred there: the next one.
      const StatusCode code = created.status().code();
      if (code != StatusCode::kFailedPrecondition && code != StatusCode::kAlreadyExists) {
        return created.status();
      }
    }
    if (!referral) continue;
    for (const HistoryStep& step : episode.steps) {
      referral::Transition change;
      change.to = step.to;
      change.note = step.note;
      change.reason = step.reason;
      StatusOr<model::Referral> changed =
          referral::ChangeReferralStatus(tx, referral->meta.id, change, actor, step.at);
      if (changed.ok()) {
        referral = std::move(changed).value();
        continue;
      }
      if (changed.status().code() != StatusCode::kFailedPrecondition) return changed.status();
      // The place went to someone else (or the vacancy closed) before this step.
      referral::Transition end;
      end.reason = "position_filled";
      end.note = "The place was no longer available";
      const bool job_track =
          referral->kind != OpportunityKind::kProgramme &&
          (referral->status == S::kReferred || referral->status == S::kInterviewing);
      end.to = job_track ? S::kRejected : S::kWithdrawn;
      if (referral::IsLegalTransition(referral->kind, referral->status, end.to)) {
        HW_RETURN_IF_ERROR(
            referral::ChangeReferralStatus(tx, referral->meta.id, end, actor, step.at).status());
      }
      break;
    }
  }
  return Status::Ok();
}

}  // namespace homeward::demo::internal
