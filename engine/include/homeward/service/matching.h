// Matches both ways: a person's best opportunities and a vacancy's best candidates, explained.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "homeward/base/time.h"
#include "homeward/matching/match.h"
#include "homeward/matching/match_index.h"
#include "homeward/model/individual.h"
#include "homeward/model/programme.h"
#include "homeward/model/training.h"
#include "homeward/model/vacancy.h"
#include "homeward/service/caller.h"

namespace homeward::service {

// An opportunity a person was matched with: the match and the opportunity as indexed (absent when
// it left the index while the answer was made).
struct MatchedOpportunity {
  using Record = std::variant<model::Vacancy, model::Training, model::Programme>;
  matching::Match match;
  std::optional<Record> opportunity;
};

// A person matched with a vacancy, with the person's record (shown in the minimal view).
struct Candidate {
  matching::Match match;
  model::Individual person;
};

// What every match list depends on besides its person and request: the index's content, the
// provinces' policies and the day. A list made under one stamp is the same list while the stamp
// holds, so a client may keep what it made of it (the API keeps rendered bodies). Plain figures,
// alike in shape to model::AllocationStats (model/allocation.h) and nothing more.
struct MatchStamp {
  uint64_t index = 0;
  uint64_t policies = 0;
  int64_t day = 0;
  bool operator==(const MatchStamp& o) const {
    return index == o.index && policies == o.policies && day == o.day;
  }
};

// Leave to read one person's matches: given by Matching::OpenMatches once the caller's scope was
// checked and the read audited, and only so.
class MatchesTicket {
 public:
  const std::string& person_id() const { return person_id_; }
  const MatchStamp& stamp() const { return stamp_; }

 private:
  friend class Matching;
  MatchesTicket(std::string person_id, const Date& today, MatchStamp stamp)
      : person_id_(std::move(person_id)), today_(today), stamp_(stamp) {}
  std::string person_id_;
  Date today_;  // the day of stamp_
  MatchStamp stamp_;
};

class Matching {
 public:
  explicit Matching(internal::Context& context) : context_(&context) {}

  // A person's matches, in two steps. OpenMatches checks that the person is in the caller's scope
  // (NOT_FOUND otherwise) and audits the read either way; the ticket it gives says what the
  // answer depends on now (MatchStamp). Matches then gives the k best opportunities of `kind` for
  // the ticket's person, best first, each with its score, components and rules (explained in
  // English; reference::LocalizeExplanations renders them in Khmer), as of the ticket's stamp or
  // later.
  StatusOr<MatchesTicket> OpenMatches(const Caller& caller, std::string_view person_id);
  StatusOr<std::vector<MatchedOpportunity>> Matches(const MatchesTicket& ticket,
                                                    matching::Kind kind, int k);

  // The k best candidates for a vacancy, best first; an officer gets only the people of its
  // provinces. Each person listed is audited.
  StatusOr<std::vector<Candidate>> Candidates(const Caller& caller, std::string_view vacancy_id,
                                              int k);

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
