// Geometry of the index: the great-circle distance with the latitudes' cosines precomputed, a
// box around a point that holds everything within reach of it, and the vacancies and trainings
// filed by latitude cell. Index only; pure or single-owner (the index's lock guards LatitudeCells).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace homeward::matching::internal {

inline constexpr double kKmPerRadian = 6371.0088;
inline constexpr double kRadians = 3.14159265358979323846 / 180.0;

inline double CosLat(double lat) {
  return std::cos(lat * kRadians);
}

// reference::DistanceKm with both latitudes' cosines given (CosLat): the same operations in the
// same order, so the same number.
inline double HaversineKm(double lat_a, double lon_a, double cos_a, double lat_b, double lon_b,
                          double cos_b) {
  const double dlat = (lat_b - lat_a) * kRadians;
  const double dlon = (lon_b - lon_a) * kRadians;
  const double sin_dlat = std::sin(dlat / 2);
  const double sin_dlon = std::sin(dlon / 2);
  const double h = sin_dlat * sin_dlat + cos_a * cos_b * sin_dlon * sin_dlon;
  return 2 * kKmPerRadian * std::asin(std::sqrt(std::min(1.0, h)));
}

// A box around a point that holds every point within `km` of it: outside the box is beyond
// `km`, inside still needs the exact distance. Conservative (never excludes a point in reach).
struct ReachBox {
  ReachBox(double lat, double lon, double km) : lat(lat), lon(lon) {
    // The great-circle distance is at least the meridian arc between the two latitudes.
    max_dlat = km / kKmPerRadian / kRadians;
    // Haversine: h >= cos(lat1) cos(lat2) sin^2(dlon/2), and within the latitude band
    // cos(lat2) >= cos(|lat1| + band).
    const double far_lat = std::min(90.0, std::fabs(lat) + max_dlat) * kRadians;
    const double c = std::sqrt(std::max(0.0, std::cos(lat * kRadians) * std::cos(far_lat)));
    const double s = std::sin(std::min(km / (2 * kKmPerRadian), 3.14159265358979323846 / 2));
    max_dlon = c <= s ? 360.0 : 2 * std::asin(s / c) / kRadians;
  }
  // False for points beyond reach; true for the rest (and for NaN coordinates' callers to
  // discard).
  bool Contains(double other_lat, double other_lon) const {
    const double dlon = std::fabs(other_lon - lon);
    return (std::fabs(other_lat - lat) <= max_dlat) & (std::min(dlon, 360 - dlon) <= max_dlon);
  }
  double lat;
  double lon;
  double max_dlat;
  double max_dlon;
};

// Whether a point is certainly within `km` of a centre, without the haversine's sines: true
// only for points whose great-circle distance (HaversineKm) is at most `km`, and for most of
// them (not those within a relative 1e-9 of the edge, nor across the antimeridian).
class InnerReach {
 public:
  InnerReach(double lat, double lon, double cos_lat, double km)
      : lat_(lat), lon_(lon), cos_lat_(cos_lat) {
    // sin(x) <= x bounds the haversine's h from above by h_up; asin(y) <= y / sqrt(1 - y^2)
    // bounds the distance 2 R asin(sqrt(h)) by 2 R sqrt(h_up / (1 - h_up)), which must then be
    // at most km, with a margin far above the rounding of either computation.
    const double most = km * (1 - 1e-9) / (2 * kKmPerRadian);
    most_squared_ = most * most;
  }
  bool Contains(double lat, double lon, double cos_lat) const {
    const double half_dlat = (lat - lat_) * kRadians / 2;
    const double half_dlon = (lon - lon_) * kRadians / 2;
    const double h_up = half_dlat * half_dlat + cos_lat_ * cos_lat * half_dlon * half_dlon;
    return h_up < 0.5 && h_up <= most_squared_ * (1 - h_up);
  }

 private:
  double lat_;
  double lon_;
  double cos_lat_;
  double most_squared_;
};

// The latitude cells rows are filed in (LatitudeCells), and the list of rows a query for any
// place must consider.
struct LatitudeGrid {
  static constexpr double kDegrees = 0.1;
  static constexpr uint32_t kCells = 1800;       // -90 to 90 degrees
  static constexpr uint32_t kAnywhere = kCells;  // no coordinates, or work abroad
  // Added to a band's edges before looking up their cells, far above the rounding error of a
  // latitude difference, so that every row the band test keeps is in the cells read.
  static constexpr double kMargin = 1e-6;

  // The cell of a latitude (not NaN); monotonic, and clamped to the cells.
  static uint32_t CellOf(double lat) {
    const double cell = std::floor((lat + 90) / kDegrees);
    if (!(cell >= 0)) return 0;
    return cell >= kCells - 1 ? kCells - 1 : static_cast<uint32_t>(cell);
  }
  // The cells a band of latitudes overlaps, [first, last].
  static std::pair<uint32_t, uint32_t> CellsOf(double lat, double half_band) {
    return {CellOf(lat - half_band - kMargin), CellOf(lat + half_band + kMargin)};
  }
};

// What a vacancy's own province's job rules can move the score of any person's pair with it by,
// in whole points (its policy's VacancyRulePoints rounded outwards), as the index keeps it beside
// the row. Until the policy has been asked (`known`), as far as any rule may: it narrows nothing.
struct RowRulePoints {
  static constexpr int8_t kFar = 15;  // policy::kMaxRulePoints
  int8_t least = -kFar;
  int8_t most = kFar;
  bool known = false;

  static RowRulePoints Of(double least, double most) {
    return {static_cast<int8_t>(std::clamp(std::floor(least), -double{kFar}, 0.0)),
            static_cast<int8_t>(std::clamp(std::ceil(most), 0.0, double{kFar})), true};
  }
};

// A run of a latitude cell's entries.
template <typename Entry>
struct Span {
  const Entry* begin;
  const Entry* end;
  size_t size() const { return static_cast<size_t>(end - begin); }
};

// A table's rows by latitude cell (each cell's rows in row order, with a copy of the columns
// `Entry` holds), so that a query for a person with coordinates reads only the cells of its
// latitude band; rows a query must consider wherever the person is (`Entry::Anywhere()`: no
// coordinates, work abroad) have a list of their own.
template <typename Entry>
class LatitudeCells : public LatitudeGrid {
 public:
  LatitudeCells() : cells_(kCells + 1) {}

  const std::vector<Entry>& Cell(uint32_t cell) const { return cells_[cell]; }

  // The entries of cells [first, last], then those of the list of rows to consider anywhere, as
  // runs (empty cells left out).
  std::vector<Span<Entry>> Band(uint32_t first, uint32_t last) const {
    std::vector<Span<Entry>> spans;
    auto add = [&](const std::vector<Entry>& entries) {
      if (!entries.empty()) spans.push_back({entries.data(), entries.data() + entries.size()});
    };
    for (uint32_t cell = first; cell <= last; ++cell) add(cells_[cell]);
    add(cells_[kAnywhere]);
    return spans;
  }

  void Resize(size_t rows) { cell_of_.resize(rows, kNone); }

  // Files (or refiles) a row.
  void Set(const Entry& entry) {
    Erase(entry.row);
    const uint32_t cell = entry.Anywhere() ? kAnywhere : CellOf(entry.lat);
    std::vector<Entry>& entries = cells_[cell];
    entries.insert(Find(entries, entry.row), entry);
    cell_of_[entry.row] = cell;
  }

  void Erase(uint32_t row) {
    const uint32_t cell = cell_of_[row];
    if (cell == kNone) return;
    std::vector<Entry>& entries = cells_[cell];
    entries.erase(Find(entries, row));
    cell_of_[row] = kNone;
  }

  // The entry of a filed row, to change what it holds but its place.
  Entry* Find(uint32_t row) {
    if (row >= cell_of_.size() || cell_of_[row] == kNone) return nullptr;
    return &*Find(cells_[cell_of_[row]], row);
  }

  // Row `from` is renumbered `to` (whose own entry is already erased).
  void Move(uint32_t from, uint32_t to) {
    const uint32_t cell = cell_of_[from];
    if (cell == kNone) return;
    std::vector<Entry>& entries = cells_[cell];
    auto it = Find(entries, from);
    Entry moved = *it;
    moved.row = to;
    entries.erase(it);
    entries.insert(Find(entries, to), moved);
    cell_of_[from] = kNone;
    cell_of_[to] = cell;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static typename std::vector<Entry>::iterator Find(std::vector<Entry>& entries, uint32_t row) {
    return std::lower_bound(entries.begin(), entries.end(), row,
                            [](const Entry& e, uint32_t r) { return e.row < r; });
  }

  std::vector<std::vector<Entry>> cells_;
  std::vector<uint32_t> cell_of_;  // by row
};

}  // namespace homeward::matching::internal
