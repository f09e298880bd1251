// Create, get, update, list (filters, pagination) and delete for every resource repository.
#include <set>
#include <string>
#include <vector>

#include "homeward/model/json.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

using homeward::testing::IsOk;
using homeward::testing::StatusIs;

// The records each typed test needs: the parents a record refers to, made once per test.
struct Parents {
  std::string employer_id;
  std::string individual_id;
  std::string vacancy_id;
};

// Per resource: how to make a record whose filter column has a given value, and an edit.
template <typename T>
struct Sample;

template <>
struct Sample<model::Individual> {
  static constexpr auto kRepo = &WriteTx::individuals;
  static constexpr const char* kPrefix = "ind";
  static constexpr const char* kFilter = "province";
  static inline const std::vector<std::string> kValues = {"KH-14", "KH-3"};
  static model::Individual Make(const Parents&, const std::string& value) {
    return SampleIndividual(value);
  }
  static void Edit(model::Individual& v) { v.given_name = "Dara"; }
};

template <>
struct Sample<model::Employer> {
  static constexpr auto kRepo = &WriteTx::employers;
  static constexpr const char* kPrefix = "emp";
  static constexpr const char* kFilter = "province";
  static inline const std::vector<std::string> kValues = {"KH-12", "KH-9"};
  static model::Employer Make(const Parents&, const std::string& value) {
    return SampleEmployer(value);
  }
  static void Edit(model::Employer& v) { v.verified = true; }
};

template <>
struct Sample<model::Vacancy> {
  static constexpr auto kRepo = &WriteTx::vacancies;
  static constexpr const char* kPrefix = "vac";
  static constexpr const char* kFilter = "status";
  static inline const std::vector<std::string> kValues = {"open", "pending_review"};
  static model::Vacancy Make(const Parents& parents, const std::string& value) {
    model::Vacancy v = SampleVacancy(parents.employer_id);
    EXPECT_TRUE(model::FromString(value, v.status));
    return v;
  }
  static void Edit(model::Vacancy& v) { v.slots_filled = 3; }
};

template <>
struct Sample<model::Training> {
  static constexpr auto kRepo = &WriteTx::trainings;
  static constexpr const char* kPrefix = "trn";
  static constexpr const char* kFilter = "province";
  static inline const std::vector<std::string> kValues = {"KH-17", "KH-2"};
  static model::Training Make(const Parents&, const std::string& value) {
    return SampleTraining(value);
  }
  static void Edit(model::Training& v) { v.seats = 35; }
};

template <>
struct Sample<model::Referral> {
  static constexpr auto kRepo = &WriteTx::referrals;
  static constexpr const char* kPrefix = "ref";
  static constexpr const char* kFilter = "status";
  static inline const std::vector<std::string> kValues = {"proposed", "referred"};
  static model::Referral Make(const Parents& parents, const std::string& value) {
    model::Referral v;
    v.individual_id = parents.individual_id;
    v.opportunity_id = parents.vacancy_id;
    v.kind = model::OpportunityKind::kJob;
    v.province = "KH-12";
    v.employer_id = parents.employer_id;
    EXPECT_TRUE(model::FromString(value, v.status));
    v.history.push_back({std::nullopt, v.status, "key_officer", "2026-11-28T10:00:00Z", "", {}});
    return v;
  }
  static void Edit(model::Referral& v) { v.follow_up_on = Date{2027, 1, 15}; }
};

template <>
struct Sample<model::Allocation> {
  static constexpr auto kRepo = &WriteTx::allocations;
  static constexpr const char* kPrefix = "alc";
  static constexpr const char* kFilter = "province";
  static inline const std::vector<std::string> kValues = {"KH-14", "KH-1"};
  static model::Allocation Make(const Parents& parents, const std::string& value) {
    model::Allocation v;
    v.province = value;
    v.assignments = {{parents.individual_id, parents.vacancy_id, 81.5}};
    v.created_by = "key_admin";
    return v;
  }
  static void Edit(model::Allocation& v) { v.objective = 42; }
};

template <>
struct Sample<model::ApiKey> {
  static constexpr auto kRepo = &WriteTx::api_keys;
  static constexpr const char* kPrefix = "key";
  static constexpr const char* kFilter = "role";
  static inline const std::vector<std::string> kValues = {"officer", "analyst"};
  static model::ApiKey Make(const Parents&, const std::string& value) {
    model::ApiKey v = SampleApiKey();
    EXPECT_TRUE(model::FromString(value, v.role));
    return v;
  }
  static void Edit(model::ApiKey& v) { v.revoked_at = "2026-11-28T12:00:00Z"; }
};

template <typename T>
class RepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    parents_.employer_id = Create(SampleEmployer(), &WriteTx::employers).meta.id;
    parents_.individual_id = Create(SampleIndividual(), &WriteTx::individuals).meta.id;
    parents_.vacancy_id = Create(SampleVacancy(parents_.employer_id), &WriteTx::vacancies).meta.id;
  }

  T Make(const std::string& value) { return Sample<T>::Make(parents_, value); }
  T CreateOne(const std::string& value) { return Create(Make(value), Sample<T>::kRepo); }

  StatusOr<Page<T>> List(const ListOptions& options) {
    return db_->Read([&](ReadTx& tx) { return Repo(tx).List(options); });
  }

  // The read-only repository of T in `tx`.
  static Repository<T> Repo(ReadTx& tx) {
    if constexpr (std::is_same_v<T, model::Individual>) {
      return tx.individuals();
    } else if constexpr (std::is_same_v<T, model::Employer>) {
      return tx.employers();
    } else if constexpr (std::is_same_v<T, model::Vacancy>) {
      return tx.vacancies();
    } else if constexpr (std::is_same_v<T, model::Training>) {
      return tx.trainings();
    } else if constexpr (std::is_same_v<T, model::Referral>) {
      return tx.referrals();
    } else if constexpr (std::is_same_v<T, model::Allocation>) {
      return tx.allocations();
    } else {
      return tx.api_keys();
    }
  }

  Parents parents_;
};

using Resources =
    ::testing::Types<model::Individual, model::Employer, model::Vacancy, model::Training,
                     model::Referral, model::Allocation, model::ApiKey>;
TYPED_TEST_SUITE(RepositoryTest, Resources);

TYPED_TEST(RepositoryTest, CreateGetUpdateDelete) {
  using T = TypeParam;
  const T created = this->CreateOne(Sample<T>::kValues[0]);
  EXPECT_TRUE(IsWellFormedId(created.meta.id, Sample<T>::kPrefix)) << created.meta.id;
  EXPECT_TRUE(ParseRfc3339(created.meta.created_at));
  EXPECT_EQ(created.meta.created_at, created.meta.updated_at);

  ASSERT_OK_AND_ASSIGN(
      T got, this->db_->Read([&](ReadTx& tx) { return this->Repo(tx).Get(created.meta.id); }));
  EXPECT_EQ(model::Json(got), model::Json(created));

  T edited = got;
  Sample<T>::Edit(edited);
  edited.meta.created_at = "1999-01-01T00:00:00Z";  // ignored: creation time is the store's
  T updated;
  ASSERT_THAT(this->db_->Write([&](WriteTx& tx) -> Status {
    HW_ASSIGN_OR_RETURN(updated, (tx.*Sample<T>::kRepo)().Update(edited));
    return Status::Ok();
  }),
              IsOk());
  EXPECT_EQ(updated.meta.created_at, created.meta.created_at);
  EXPECT_LE(created.meta.updated_at, updated.meta.updated_at);
  ASSERT_OK_AND_ASSIGN(
      T reread, this->db_->Read([&](ReadTx& tx) { return this->Repo(tx).Get(created.meta.id); }));
  EXPECT_EQ(model::Json(reread), model::Json(updated));
  EXPECT_NE(model::Json(reread), model::Json(created));

  ASSERT_THAT(this->db_->Write(
                  [&](WriteTx& tx) { return (tx.*Sample<T>::kRepo)().Delete(created.meta.id); }),
              IsOk());
  EXPECT_THAT(this->db_->Read([&](ReadTx& tx) { return this->Repo(tx).Get(created.meta.id); }),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(this->db_->Write(
                  [&](WriteTx& tx) { return (tx.*Sample<T>::kRepo)().Delete(created.meta.id); }),
              StatusIs(StatusCode::kNotFound));
}

TYPED_TEST(RepositoryTest, MissingRecordsAreNotFound) {
  using T = TypeParam;
  const std::string id = NewId(Sample<T>::kPrefix);
  EXPECT_THAT(this->db_->Read([&](ReadTx& tx) { return this->Repo(tx).Get(id); }),
              StatusIs(StatusCode::kNotFound));
  T record = this->Make(Sample<T>::kValues[0]);
  record.meta.id = id;
  EXPECT_THAT(this->db_->Write(
                  [&](WriteTx& tx) { return (tx.*Sample<T>::kRepo)().Update(record).status(); }),
              StatusIs(StatusCode::kNotFound));
}

TYPED_TEST(RepositoryTest, ListFiltersAndPaginatesWithoutGapsOrRepeats) {
  using T = TypeParam;
  const std::string wanted = Sample<T>::kValues[0];
  const std::string other = Sample<T>::kValues[1];
  std::set<std::string> expected;
  for (int i = 0; i < 7; ++i) expected.insert(this->CreateOne(wanted).meta.id);
  for (int i = 0; i < 4; ++i) this->CreateOne(other);
  // The parents made in SetUp may share the filter value; they are part of the list too.
  ASSERT_OK_AND_ASSIGN(int64_t matching, this->db_->Read([&](ReadTx& tx) {
    return this->Repo(tx).Count({{Sample<T>::kFilter, {wanted}}});
  }));

  std::set<std::string> seen;
  std::string previous_key;
  ListOptions options;
  options.limit = 3;
  options.filters = {{Sample<T>::kFilter, {wanted}}};
  int pages = 0;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(Page<T> page, this->List(options));
    ++pages;
    for (const T& item : page.items) {
      EXPECT_TRUE(seen.insert(item.meta.id).second) << "repeated " << item.meta.id;
      const std::string key = item.meta.created_at + item.meta.id;
      EXPECT_LT(previous_key, key) << "out of order";
      previous_key = key;
    }
    if (!page.next_cursor) break;
    EXPECT_EQ(page.items.size(), 3u);
    options.cursor = *page.next_cursor;
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), matching);
  EXPECT_EQ(pages, static_cast<int>((matching + 2) / 3));
  for (const auto& id : expected) EXPECT_EQ(seen.count(id), 1u) << id;

  ASSERT_OK_AND_ASSIGN(auto counts, this->db_->Read([&](ReadTx& tx) {
    return this->Repo(tx).CountBy(Sample<T>::kFilter);
  }));
  EXPECT_EQ(counts[wanted], matching);
  EXPECT_GE(counts[other], 4);

  ListOptions both;
  both.limit = 500;
  both.filters = {{Sample<T>::kFilter, {wanted, other}}};
  ASSERT_OK_AND_ASSIGN(Page<T> all, this->List(both));
  EXPECT_EQ(static_cast<int64_t>(all.items.size()), counts[wanted] + counts[other]);
  EXPECT_FALSE(all.next_cursor);
}

TYPED_TEST(RepositoryTest, ListRejectsBadLimitsFiltersAndCursors) {
  ListOptions options;
  options.limit = 0;
  EXPECT_THAT(this->List(options), StatusIs(StatusCode::kInvalidArgument));
  options.limit = ListOptions::kMaxLimit + 1;
  EXPECT_THAT(this->List(options), StatusIs(StatusCode::kInvalidArgument));
  options.limit = ListOptions::kMaxLimit;
  EXPECT_THAT(this->List(options), IsOk());

  options.filters = {{"doc", {"x"}}};
  EXPECT_THAT(this->List(options), StatusIs(StatusCode::kInvalidArgument));
  options.filters = {{"given_name' OR 1=1 --", {"x"}}};
  EXPECT_THAT(this->List(options), StatusIs(StatusCode::kInvalidArgument));

  options.filters.clear();
  for (const char* cursor : {"not a cursor", "AAAA", "MjAyNi0xMS0yOFQxMDowMDowMFogbm9wZQ"}) {
    options.cursor = cursor;
    EXPECT_THAT(this->List(options), StatusIs(StatusCode::kInvalidArgument)) << cursor;
  }
}

TYPED_TEST(RepositoryTest, ForEachStreamsMatchingRecordsAndStopsAtAnError) {
  using T = TypeParam;
  for (int i = 0; i < 5; ++i) this->CreateOne(Sample<T>::kValues[1]);
  int visited = 0;
  ASSERT_THAT(this->db_->Read([&](ReadTx& tx) {
    return this->Repo(tx).ForEach({{Sample<T>::kFilter, {Sample<T>::kValues[1]}}}, [&](T&& record) {
      EXPECT_TRUE(IsWellFormedId(record.meta.id, Sample<T>::kPrefix));
      ++visited;
      return Status::Ok();
    });
  }),
              IsOk());
  EXPECT_EQ(visited, 5);

  visited = 0;
  EXPECT_THAT(this->db_->Read([&](ReadTx& tx) {
    return this->Repo(tx).ForEach(
        {}, [&](T&&) { return ++visited == 2 ? Status::Unavailable("enough") : Status::Ok(); });
  }),
              StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(visited, 2);
}

TEST_F(StoreTest, CreatingWithATakenIdIsAlreadyExists) {
  model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.employers().Create(employer).status(); }),
              StatusIs(StatusCode::kAlreadyExists));
  model::Employer malformed = SampleEmployer();
  malformed.meta.id = "ind_0123";
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.employers().Create(malformed).status(); }),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(StoreTest, ReferencesToMissingRecordsAreFailedPrecondition) {
  EXPECT_THAT(db_->Write([&](WriteTx& tx) {
    return tx.vacancies().Create(SampleVacancy(NewId("emp"))).status();
  }),
              StatusIs(StatusCode::kFailedPrecondition));

  // An employer with vacancies cannot be deleted from under them.
  model::Employer employer = Create(SampleEmployer(), &WriteTx::employers);
  Create(SampleVacancy(employer.meta.id), &WriteTx::vacancies);
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.employers().Delete(employer.meta.id); }),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(StoreTest, ApiKeyIsFoundByItsHashAndTheHashIsUnique) {
  model::ApiKey key = Create(SampleApiKey(model::Role::kAdmin), &WriteTx::api_keys);
  ASSERT_OK_AND_ASSIGN(model::ApiKey found, db_->Read([&](ReadTx& tx) {
    return tx.api_keys().GetBy("key_hash", key.key_hash);
  }));
  EXPECT_EQ(found.meta.id, key.meta.id);
  EXPECT_EQ(found.key_hash, key.key_hash);
  EXPECT_EQ(found.role, model::Role::kAdmin);
  EXPECT_THAT(db_->Read([&](ReadTx& tx) { return tx.api_keys().GetBy("key_hash", "nope"); }),
              StatusIs(StatusCode::kNotFound));

  model::ApiKey twin = SampleApiKey();
  twin.key_hash = key.key_hash;
  EXPECT_THAT(db_->Write([&](WriteTx& tx) { return tx.api_keys().Create(twin).status(); }),
              StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(StoreTest, ScopeFiltersAcceptSeveralValuesAndAnEmptyListMatchesNothing) {
  for (const char* province : {"KH-12", "KH-14", "KH-3"}) {
    Create(SampleIndividual(province), &WriteTx::individuals);
  }
  auto count = [&](Filters filters) {
    return db_->Read([&](ReadTx& tx) { return tx.individuals().Count(filters); });
  };
  EXPECT_EQ(count({{"province", {"KH-12", "KH-3"}}}).value(), 2);
  EXPECT_EQ(count({{"province", {}}}).value(), 0);
  EXPECT_EQ(count({{"province", {"KH-14"}}, {"status", {"active"}}}).value(), 1);
  EXPECT_EQ(count({}).value(), 3);
}

}  // namespace
}  // namespace homeward::store
