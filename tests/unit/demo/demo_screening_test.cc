// The demo follows the reality the screening expects: screened with the bundled plugins, as the
// server screens, at most 10% of its legitimate vacancies are held, every lure is, and a stored
// vacancy's status always agrees with its screening, with or without the server's hook.
#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <map>

#include "homeward/demo/demo.h"
#include "homeward/model/json.h"
#include "homeward/plugin/plugin_host.h"
#include "homeward/screening/screening.h"
#include "homeward/store/database.h"
#include "plugin_fixtures.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace homeward::demo {
namespace {

using homeward::testing::IsOk;

// Screens every generated vacancy as the server's demo hook does and counts the outcomes.
class ScreeningTally : public DemoSink {
 public:
  explicit ScreeningTally(const policy::PolicyProvider& policies, Date day)
      : policies_(policies), day_(day) {}

  Status OnEmployer(model::Employer employer, std::vector<model::Vacancy> vacancies,
                    bool front) override {
    for (model::Vacancy& vacancy : vacancies) {
      screening::ScreenAndApply(vacancy, employer, policies_, day_);
      auto& counts = front ? lures : legitimate;
      ++counts[model::ToString(vacancy.status)];
      if (!front) {
        for (const auto& flag : vacancy.screening.flags) {
          if (flag.severity != model::FlagSeverity::kInfo) ++legitimate_flags[flag.code];
        }
      }
    }
    return Status::Ok();
  }
  Status OnTraining(model::Training) override { return Status::Ok(); }
  Status OnIndividual(model::Individual) override { return Status::Ok(); }

  std::map<std::string, int> legitimate, lures, legitimate_flags;

 private:
  const policy::PolicyProvider& policies_;
  const Date day_;
};

int Total(const std::map<std::string, int>& counts) {
  int total = 0;
  for (const auto& [status, n] : counts) total += n;
  return total;
}

TEST(DemoScreeningTest, FewLegitimateVacanciesAreHeldAndEveryLureIs) {
  auto host = plugin::PluginHost::Create(
      homeward::testing::TestHostOptions({homeward::testing::ShippedPluginsDir()}));
  ASSERT_TRUE(host.ok()) << host.status();
  DemoOptions options;  // the demo of `make run`: 1,500 vacancies
  ScreeningTally tally(**host, options.today);
  ASSERT_THAT(Generate(options, tally), IsOk());

  const int legitimate = Total(tally.legitimate);
  const int in_review = tally.legitimate["pending_review"];
  const int blocked = tally.legitimate["blocked"];
  std::cout << "demo (scale 1, shipped plugins): " << legitimate << " legitimate vacancies, "
            << in_review << " in review (" << std::fixed << std::setprecision(1)
            << 100.0 * in_review / legitimate << "%), " << blocked << " blocked; "
            << Total(tally.lures) << " lures, " << tally.lures["open"] << " open\n  flags:";
  for (const auto& [code, n] : tally.legitimate_flags) std::cout << " " << code << "=" << n;
  std::cout << "\n";
  EXPECT_LE(in_review, legitimate / 10);
  EXPECT_LE(in_review + blocked, legitimate * 12 / 100);
  EXPECT_GT(Total(tally.lures), 0);
  EXPECT_EQ(tally.lures["open"], 0);
}

TEST(DemoScreeningTest, StoredStatusAgreesWithScreeningWithoutTheServersHook) {
  homeward::testing::TempDir dir;
  auto db = store::Database::Open(dir.path() / "demo.db");
  ASSERT_TRUE(db.ok()) << db.status();
  DemoOptions options;
  options.per_scale = {0, 60, 300, 0};
  options.history = false;  // past vacancies are closed after their closing day
  ASSERT_THAT(LoadDemo(**db, options, LoadHooks()), IsOk());
  int open = 0;
  ASSERT_THAT((*db)->Read([&](store::ReadTx& tx) {
    return tx.vacancies().ForEach({}, [&](model::Vacancy&& v) {
      EXPECT_EQ(v.status, screening::StatusAfterScreening(v.screening, v.review))
          << model::ToString(v.status);
      open += v.status == model::VacancyStatus::kOpen;
      return Status::Ok();
    });
  }),
              IsOk());
  EXPECT_GT(open, 240);  // most are open, so a database made this way matches people
}

}  // namespace
}  // namespace homeward::demo
