// The index's geometry: what lets a scan skip the exact distance must agree with it.
#include "internal/geometry.h"

#include <gtest/gtest.h>

#include <random>

namespace homeward::matching::internal {
namespace {

// InnerReach counts a point in reach without the haversine: it must never count one that
// HaversineKm puts beyond reach, and should count nearly all the others.
TEST(InnerReachTest, CountsOnlyPointsTheExactDistancePutsInReach) {
  std::mt19937 rng(29);
  auto uniform = [&rng](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  size_t within = 0, counted = 0;
  for (int centre = 0; centre < 200; ++centre) {
    // Cambodia and beyond, up to near the poles and the antimeridian.
    const double lat = centre % 10 == 0 ? uniform(-89, 89) : uniform(9.5, 14.7);
    const double lon = centre % 10 == 1 ? uniform(179, 180) : uniform(102.3, 107.7);
    const double km = uniform(0.5, 60);
    const double cos_lat = CosLat(lat);
    const InnerReach inner(lat, lon, cos_lat, km);
    const double degrees = 1.5 * km / 111;
    for (int i = 0; i < 2000; ++i) {
      double other_lat = lat + uniform(-degrees, degrees);
      double other_lon = lon + uniform(-degrees, degrees) / std::max(0.05, cos_lat);
      if (i % 100 == 0) other_lon = lon + 360 - 1e-3;  // across the antimeridian
      other_lat = std::clamp(other_lat, -90.0, 90.0);
      const double other_cos = CosLat(other_lat);
      const double exact = HaversineKm(lat, lon, cos_lat, other_lat, other_lon, other_cos);
      const bool in = inner.Contains(other_lat, other_lon, other_cos);
      ASSERT_FALSE(in && exact > km) << lat << "," << lon << " to " << other_lat << "," << other_lon
                                     << ": " << exact << " km > " << km;
      if (exact <= km * 0.999) {
        ++within;
        counted += in;
      }
    }
  }
  ASSERT_GT(within, 100000u);
  EXPECT_GT(counted, within * 95 / 100) << counted << " of " << within;
}

}  // namespace
}  // namespace homeward::matching::internal
