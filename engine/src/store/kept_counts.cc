#include "internal/kept_counts.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "homeward/model/json.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

using model::ReferralStatus;

// A switch like ResourceKindName (store/repository.cc) and ToString(UnplacedReason)
// (allocation/solver.cc): the compiler warns of a category left out.
const char* CountedName(Counted what) {
  switch (what) {
    case Counted::kPeopleByStatus:
      return "individuals.status";
    case Counted::kVacanciesByScreening:
      return "vacancies.screening";
    case Counted::kReferralsByStatus:
      return "referrals.status";
    case Counted::kActivePeopleByVulnerability:
      return "individuals.vulnerability";
    case Counted::kJobPlacementsByMonth:
      return "placements.month";
    case Counted::kJobPlacementsByDay:
      return "placements.day";
    case Counted::kFollowUpsByMonth:
      return "follow_ups.month";
    case Counted::kFollowUpsByDay:
      return "follow_ups.day";
    case Counted::kPlacementSafeguards:
      return "placements.safeguards";
    case Counted::kProgrammeOutcomes:
      return "programmes.outcomes";
  }
  return "";
}

// The categories the referral repository moves (FillReferralCounts replaces them).
constexpr Counted kReferralCounted[] = {
    Counted::kJobPlacementsByMonth, Counted::kJobPlacementsByDay,  Counted::kFollowUpsByMonth,
    Counted::kFollowUpsByDay,       Counted::kPlacementSafeguards, Counted::kProgrammeOutcomes};

Status MoveCount(internal::Connection& connection, Counted what, const std::string& province,
                 const std::string& value, int64_t delta) {
  HW_ASSIGN_OR_RETURN(
      internal::Statement upsert,
      connection.Prepare("INSERT INTO kept_counts VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT DO UPDATE SET count = count + excluded.count"));
  return upsert.Bind(1, CountedName(what)).Bind(2, province).Bind(3, value).Bind(4, delta).Run();
}

// One count a referral adds to: (what, its province, value) by `n`.
struct Contribution {
  Counted what;
  std::string province;
  std::string value;
  int64_t n = 1;

  bool operator<(const Contribution& o) const {
    return std::tie(what, province, value, n) < std::tie(o.what, o.province, o.value, o.n);
  }
  bool operator==(const Contribution& o) const {
    return std::tie(what, province, value, n) == std::tie(o.what, o.province, o.value, o.n);
  }
};

bool Reached(const model::Referral& referral, ReferralStatus status) {
  return std::any_of(referral.history.begin(), referral.history.end(),
                     [status](const model::ReferralChange& c) { return c.to == status; });
}

bool IsJobPlacement(const model::Referral* referral) {
  return referral != nullptr && referral->kind == model::OpportunityKind::kJob &&
         model::IsPlacement(referral->status);
}

// Whether API key `key_id` is an officer's or an admin's (a key is never deleted and its role
// never changes, so the answer holds for good). `known` keeps the answers already read.
StatusOr<bool> IsCaseWorker(internal::Connection& connection, const std::string& key_id,
                            std::map<std::string, bool>& known) {
  if (auto it = known.find(key_id); it != known.end()) return it->second;
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection.Prepare("SELECT role FROM api_keys WHERE id = ?1"));
  select.Bind(1, key_id);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  const bool case_worker = row && (select.Text(0) == "officer" || select.Text(0) == "admin");
  known.emplace(key_id, case_worker);
  return case_worker;
}

// What `referral` adds to the kept counts, its person's sex being `sex` (read only for a job
// placement), sorted.
StatusOr<std::vector<Contribution>> ContributionsOf(internal::Connection& connection,
                                                    const model::Referral& referral, model::Sex sex,
                                                    std::map<std::string, bool>& case_workers) {
  std::vector<Contribution> out;
  const auto add = [&](Counted what, std::string value, int64_t n = 1) {
    if (n != 0) out.push_back({what, referral.province, std::move(value), n});
  };
  if (referral.kind == model::OpportunityKind::kProgramme) {
    // Enrolled, whatever came after, is an enrolment.
    if (Reached(referral, ReferralStatus::kEnrolled)) {
      add(Counted::kProgrammeOutcomes, "enrolments");
    }
    if (referral.status == ReferralStatus::kIncomeVerified6m) {
      add(Counted::kProgrammeOutcomes, "income_verified");
    }
  } else if (IsJobPlacement(&referral)) {
    PlacementValue placement;
    placement.status = referral.status;
    placement.retained_3m = Reached(referral, ReferralStatus::kRetained3m);
    placement.retained_6m = Reached(referral, ReferralStatus::kRetained6m);
    placement.sex = model::ToString(sex);
    const std::optional<Date> hired_on = model::HireDate(referral);
    const std::string day = hired_on ? hired_on->ToString() : "-";
    placement.hired = hired_on ? day.substr(0, 7) : day;
    add(Counted::kJobPlacementsByMonth, placement.ToString());
    if (hired_on) {
      placement.hired = day;
      placement.sex = "-";
      add(Counted::kJobPlacementsByDay, placement.ToString());
      // A follow-up is of a hire (docs/referrals.md, "Follow-ups").
      if (referral.follow_up_on) {
        const std::string follow_up = referral.follow_up_on->ToString();
        add(Counted::kFollowUpsByMonth, follow_up.substr(0, 7));
        add(Counted::kFollowUpsByDay, follow_up);
      }
    }
    add(Counted::kPlacementSafeguards, "check_ins",
        static_cast<int64_t>(referral.check_ins.size()));
    add(Counted::kPlacementSafeguards, "check_ins_with_indicators",
        std::count_if(referral.check_ins.begin(), referral.check_ins.end(),
                      [](const model::CheckIn& c) { return !c.indicators.empty(); }));
    for (const model::ReferralChange& change : referral.history) {
      if (change.to != ReferralStatus::kRetained3m && change.to != ReferralStatus::kRetained6m) {
        continue;
      }
      HW_ASSIGN_OR_RETURN(bool case_worker, IsCaseWorker(connection, change.by, case_workers));
      if (!case_worker) continue;
      add(Counted::kPlacementSafeguards, change.to == ReferralStatus::kRetained3m
                                             ? "retention_verified_3m"
                                             : "retention_verified_6m");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status Clear(internal::Connection& connection, Counted what) {
  HW_ASSIGN_OR_RETURN(internal::Statement clear,
                      connection.Prepare("DELETE FROM kept_counts WHERE counted = ?1"));
  return clear.Bind(1, CountedName(what)).Run();
}

Status Move(internal::Connection& connection, const std::vector<Contribution>& contributions,
            int delta) {
  for (const Contribution& c : contributions) {
    HW_RETURN_IF_ERROR(MoveCount(connection, c.what, c.province, c.value, c.n * delta));
  }
  return Status::Ok();
}

StatusOr<model::Sex> SexOf(internal::Connection& connection, const std::string& individual_id) {
  HW_ASSIGN_OR_RETURN(model::Individual person,
                      Repository<model::Individual>(connection).Get(individual_id));
  return person.sex;
}

}  // namespace

const std::vector<std::string>& VulnerabilityBands() {
  static const std::vector<std::string> kBands = {"0-24", "25-49", "50-74", "75-100"};
  return kBands;
}

const std::string& VulnerabilityBand(double score) {
  const std::vector<std::string>& bands = VulnerabilityBands();
  if (score < 25) return bands[0];
  if (score < 50) return bands[1];
  if (score < 75) return bands[2];
  return bands[3];
}

StatusOr<std::map<std::string, std::map<std::string, int64_t>>> KeptCounts::ByProvince(
    Counted what) const {
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare("SELECT province, value, count FROM kept_counts "
                                           "WHERE counted = ? AND count > 0"));
  select.Bind(1, CountedName(what));
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))][std::string(select.Text(1))] = select.Int(2);
  }
}

StatusOr<std::map<std::string, int64_t>> KeptCounts::InRange(Counted what,
                                                             std::string_view province,
                                                             std::string_view from,
                                                             std::string_view to) const {
  HW_ASSIGN_OR_RETURN(
      internal::Statement select,
      connection_->Prepare("SELECT value, count FROM kept_counts WHERE counted = ?1 "
                           "AND province = ?2 AND value >= ?3 AND value < ?4 "
                           "AND count > 0"));
  select.Bind(1, CountedName(what)).Bind(2, province).Bind(3, from).Bind(4, to);
  std::map<std::string, int64_t> counts;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))] = select.Int(1);
  }
}

std::string PlacementValue::ToString() const {
  return hired + '/' + sex + '/' + model::ToString(status) + '/' + (retained_3m ? '1' : '0') +
         (retained_6m ? '1' : '0');
}

std::optional<PlacementValue> PlacementValue::Parse(std::string_view value) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = value.find('/', start)) != std::string_view::npos;
       start = slash + 1) {
    parts.emplace_back(value.substr(start, slash - start));
  }
  parts.emplace_back(value.substr(start));
  PlacementValue out;
  if (parts.size() != 4 || parts[3].size() != 2 || !model::FromString(parts[2], out.status)) {
    return std::nullopt;
  }
  out.hired = parts[0];
  out.sex = parts[1];
  out.retained_3m = parts[3][0] == '1';
  out.retained_6m = parts[3][1] == '1';
  return out;
}

namespace internal {

Status MoveVulnerabilityCount(Connection& connection, const model::Individual& person, int delta) {
  if (person.status != model::IndividualStatus::kActive) return Status::Ok();
  return MoveCount(connection, Counted::kActivePeopleByVulnerability, person.province,
                   VulnerabilityBand(person.vulnerability.score), delta);
}

Status FillVulnerabilityCounts(Connection& connection) {
  std::map<std::pair<std::string, std::string>, int64_t> counts;  // (province, band)
  {
    HW_ASSIGN_OR_RETURN(Statement select,
                        connection.Prepare("SELECT id, province, doc FROM individuals "
                                           "WHERE status = 'active'"));
    for (;;) {
      HW_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      HW_ASSIGN_OR_RETURN(model::Json json, OpenDocument(connection.keys(), "individuals",
                                                         select.Text(0), select.Text(2)));
      double score = 0;
      if (const auto v = json.find("vulnerability"); v != json.end() && v->is_object()) {
        score = v->value("score", 0.0);
      }
      ++counts[{std::string(select.Text(1)), VulnerabilityBand(score)}];
    }
  }
  HW_RETURN_IF_ERROR(Clear(connection, Counted::kActivePeopleByVulnerability));
  for (const auto& [key, count] : counts) {
    HW_RETURN_IF_ERROR(
        MoveCount(connection, Counted::kActivePeopleByVulnerability, key.first, key.second, count));
  }
  return Status::Ok();
}

Status MoveReferralCounts(Connection& connection, const model::Referral* before,
                          const model::Referral* after) {
  model::Sex sex = model::Sex::kOther;
  if (IsJobPlacement(before) || IsJobPlacement(after)) {
    HW_ASSIGN_OR_RETURN(sex, SexOf(connection, (after ? after : before)->individual_id));
  }
  std::map<std::string, bool> case_workers;
  std::vector<Contribution> was, is;
  if (before) {
    HW_ASSIGN_OR_RETURN(was, ContributionsOf(connection, *before, sex, case_workers));
  }
  if (after) {
    HW_ASSIGN_OR_RETURN(is, ContributionsOf(connection, *after, sex, case_workers));
  }
  if (was == is) return Status::Ok();
  HW_RETURN_IF_ERROR(Move(connection, was, -1));
  return Move(connection, is, +1);
}

Status MovePersonReferralCounts(Connection& connection, std::string_view individual_id,
                                model::Sex sex, int delta) {
  std::map<std::string, bool> case_workers;
  return Repository<model::Referral>(connection)
      .ForEach({{"individual_id", {std::string(individual_id)}}}, [&](model::Referral&& referral) {
        HW_ASSIGN_OR_RETURN(std::vector<Contribution> counts,
                            ContributionsOf(connection, referral, sex, case_workers));
        return Move(connection, counts, delta);
      });
}

Status FillReferralCounts(Connection& connection) {
  std::map<std::tuple<Counted, std::string, std::string>, int64_t> counts;
  std::map<std::string, model::Sex> sexes;  // by person id
  std::map<std::string, bool> case_workers;
  const auto count = [&](model::Referral&& referral) -> Status {
    model::Sex sex = model::Sex::kOther;
    if (IsJobPlacement(&referral)) {
      auto known = sexes.find(referral.individual_id);
      if (known == sexes.end()) {
        HW_ASSIGN_OR_RETURN(model::Sex read, SexOf(connection, referral.individual_id));
        known = sexes.emplace(referral.individual_id, read).first;
      }
      sex = known->second;
    }
    HW_ASSIGN_OR_RETURN(std::vector<Contribution> made,
                        ContributionsOf(connection, referral, sex, case_workers));
    for (Contribution& c : made) counts[{c.what, std::move(c.province), std::move(c.value)}] += c.n;
    return Status::Ok();
  };
  // Only the referrals that count: job placements and programme referrals past enrolment.
  const Repository<model::Referral> referrals(connection);
  HW_RETURN_IF_ERROR(referrals.ForEach(
      {{"kind", {"job"}}, {"status", {"hired", "retained_3m", "retained_6m", "left"}}}, count));
  HW_RETURN_IF_ERROR(referrals.ForEach(
      {{"kind", {"programme"}},
       {"status", {"enrolled", "completed", "income_verified_6m", "left", "withdrawn"}}},
      count));
  for (Counted what : kReferralCounted) HW_RETURN_IF_ERROR(Clear(connection, what));
  for (const auto& [key, n] : counts) {
    HW_RETURN_IF_ERROR(
        MoveCount(connection, std::get<0>(key), std::get<1>(key), std::get<2>(key), n));
  }
  return Status::Ok();
}

}  // namespace internal
}  // namespace homeward::store
