#pragma once

#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

enum class AllocationKind { kJob, kTraining, kAll, kProgramme };

struct Assignment {
  std::string individual_id;
  std::string opportunity_id;
  double score = 0;  // the match score, 0..100
};

struct UnassignedPerson {
  std::string individual_id;
  std::string reason;
};

struct AllocationStats {
  int people = 0;
  int opportunities = 0;
  int edges = 0;
  int components = 0;
  double objective = 0;
  double elapsed_ms = 0;
  int greedy_assigned = 0;
  double greedy_total_score = 0;
  double total_score = 0;
};

// A proposed province-wide assignment. It refers no one.
struct Allocation {
  RecordMeta meta;
  std::string province;
  AllocationKind kind = AllocationKind::kAll;
  std::vector<std::string> individuals;  // the requested list; empty means the whole province
  std::vector<Assignment> assignments;
  std::vector<UnassignedPerson> unassigned;
  double objective = 0;
  AllocationStats stats;
  std::string created_by;
};

}  // namespace homeward::model
