#pragma once

#include <optional>
#include <string>
#include <vector>

#include "homeward/model/common.h"

namespace homeward::model {

struct Training {
  RecordMeta meta;
  std::string provider;
  std::string title;
  std::vector<SkillLevel> skills_taught;  // skill and the level a graduate reaches
  std::vector<std::string> leads_to;      // ISCO-08 codes
  std::string province;
  std::string district;
  std::optional<GeoPoint> location;
  int seats = 1;
  std::optional<Date> starts_on;
  std::optional<Date> ends_on;
  Money cost;
  Money stipend;
  int seats_filled = 0;  // read-only

  int SeatsLeft() const { return seats > seats_filled ? seats - seats_filled : 0; }
};

}  // namespace homeward::model
