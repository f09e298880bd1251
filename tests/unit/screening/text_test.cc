// The screening normaliser: invisible characters, Khmer digits, and amounts and hours as people
// write them, in English and Khmer.
#include "internal/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "homeward/screening/screening.h"

namespace homeward::screening::internal {
namespace {

using ::testing::ElementsAre;

TEST(NormaliseTest, DropsInvisibleCharactersAndReadsNoBreakSpacesAsSpaces) {
  EXPECT_EQ(Normalise("ប្រាក់\u200Bខែ\u200Cខ្ពស់\u200D\uFEFF"), "ប្រាក់ខែខ្ពស់");
  EXPECT_EQ(Normalise("High\u00A0Salary\u202F now"), "high salary now");
  EXPECT_EQ(Normalise("  a \t b \n\n c  "), "a b\nc");
}

TEST(NormaliseTest, MapsKhmerDigitsAndDropsThousandsSeparators) {
  EXPECT_EQ(Normalise("០១២៣៤៥៦៧៨៩"), "0123456789");
  EXPECT_EQ(Normalise("៨០០,០០០ រៀល"), "800000 khr");
  EXPECT_EQ(Normalise("$1,500"), "1500 usd");
  EXPECT_EQ(Normalise("1500$ a month"), "1500 usd per month");
  EXPECT_EQ(Normalise("US$ not a number"), "us$ not a number");
  // Commas that are not thousands separators stay.
  EXPECT_EQ(Normalise("1,2,3 and 12,5000"), "1,2,3 and 12,5000");
}

TEST(NormaliseTest, GivesHoursAndPeriodsOneSpelling) {
  for (const char* written : {"12 hours a day", "12 hrs/day", "12h a day", "12 hours per day",
                              "១២ម៉ោង/ថ្ងៃ", "១២ ម៉ោងក្នុងមួយថ្ងៃ", "12-hour/day"}) {
    EXPECT_EQ(Normalise(written), "12 hours per day") << written;
  }
  EXPECT_EQ(Normalise("25,000 riel/day"), "25000 khr per day");
  EXPECT_EQ(Normalise("២៥,០០០ រៀល/ថ្ងៃ"), "25000 khr per day");
  EXPECT_EQ(Normalise("8,000 baht per month"), "8000 thb per month");
  EXPECT_EQ(Normalise("12-hour shifts"), "12 hours shift");
  EXPECT_EQ(Normalise("48 hours a week"), "48 hours per week");
  // Numbers that are parts of words, or not followed by a unit, are left alone.
  EXPECT_EQ(Normalise("4g phone, 3 hotels, 2nd floor"), "4g phone, 3 hotels, 2nd floor");
}

TEST(NormaliseTest, StatedAmountsAndHours) {
  const auto amounts = StatedAmounts(Normalise("Salary $1,200/month, lunch 25,000 riel a day."));
  ASSERT_EQ(amounts.size(), 2u);
  EXPECT_EQ(amounts[0].amount, 1200);
  EXPECT_EQ(amounts[0].currency, "usd");
  EXPECT_EQ(amounts[0].period, "month");
  EXPECT_EQ(amounts[1].amount, 25000);
  EXPECT_EQ(amounts[1].currency, "khr");
  EXPECT_EQ(amounts[1].period, "day");
  EXPECT_THAT(StatedDailyHours(Normalise("12h a day, then 10 hrs/day, 12-hour shift")),
              ElementsAre(12, 10, 12));
}

// Found by screening_fuzzer: "4444444444444 hours a day" was cast to int (undefined behaviour).
TEST(NormaliseTest, HoursBeyondADayAreNoDaysLength) {
  EXPECT_THAT(StatedDailyHours(Normalise("7.5 4444444444444hours a day, 30 hours per day")),
              ::testing::IsEmpty());
  EXPECT_THAT(StatedDailyHours(Normalise("24 hours per day")), ElementsAre(24));
}

TEST(NormaliseTest, PublicNormaliseTextIsTheSameForm) {
  EXPECT_EQ(NormaliseText("ធ្វើការ ១២ម៉ោង/ថ្ងៃ"), Normalise("ធ្វើការ ១២ម៉ោង/ថ្ងៃ"));
}

TEST(BlankOutTest, KeepsOffsetsAndRemovesPhrases) {
  EXPECT_EQ(BlankOut("thai restaurant in siem reap", {"thai restaurant"}),
            "                in siem reap");
}

}  // namespace
}  // namespace homeward::screening::internal
