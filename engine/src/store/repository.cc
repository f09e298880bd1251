#include "homeward/store/repository.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/model/json.h"
#include "internal/codec.h"
#include "internal/connection.h"
#include "internal/kept_counts.h"
#include "internal/parallel_decoder.h"
#include "internal/query.h"
#include "internal/resources.h"

namespace homeward::store {

using internal::Column;
using internal::Resource;
using internal::Statement;

std::string_view ResourceKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kIndividual:
      return "individual";
    case ResourceKind::kEmployer:
      return "employer";
    case ResourceKind::kVacancy:
      return "vacancy";
    case ResourceKind::kTraining:
      return "training";
    case ResourceKind::kReferral:
      return "referral";
    case ResourceKind::kAllocation:
      return "allocation";
    case ResourceKind::kApiKey:
      return "api_key";
    case ResourceKind::kMarketData:
      return "market_data";
    case ResourceKind::kProgramme:
      return "programme";
  }
  return "unknown";
}

namespace {

// Every resource row starts with these, so one reader serves all.
constexpr std::string_view kRowColumns = "id, created_at, updated_at, doc";

template <typename T>
std::vector<std::string_view> ColumnNames() {
  std::vector<std::string_view> names;
  for (const Column<T>& column : Resource<T>::Columns()) names.push_back(column.name);
  return names;
}

template <typename T>
std::string SelectFrom() {
  return "SELECT " + std::string(kRowColumns) + " FROM " + std::string(Resource<T>::kTable);
}

template <typename T>
StatusOr<T> DecodeRaw(const crypto::Keyring* keys, const internal::RawRow& row) {
  return internal::DecodeDocument<T>(keys, row.id, row.created_at, row.updated_at, row.doc);
}

// The record on the statement's current row (columns as in kRowColumns).
template <typename T>
StatusOr<T> ReadRow(const Statement& row, const crypto::Keyring* keys) {
  return internal::DecodeDocument<T>(keys, row.Text(0), row.Text(1), row.Text(2), row.Text(3));
}

// Binds the resource's indexed columns from `record`, starting at parameter `index`.
template <typename T>
int BindColumns(Statement& statement, const T& record, int index) {
  for (const Column<T>& column : Resource<T>::Columns()) {
    if (std::optional<std::string> value = column.value(record)) {
      statement.Bind(index++, *value);
    } else {
      statement.BindNull(index++);
    }
  }
  return index;
}

template <typename T>
void Record(ChangeLog* changes, const T& record) {
  if (changes != nullptr) changes->push_back({Resource<T>::kKind, record.meta.id, record});
}

template <typename T>
void RecordDeletion(ChangeLog* changes, std::string_view id) {
  if (changes != nullptr) changes->push_back({Resource<T>::kKind, std::string(id), {}});
}

Status NotFound(std::string_view table) {
  return Status::NotFound("no such record in " + std::string(table));
}

StatusOr<std::vector<std::string>> CollectIds(internal::Connection& connection,
                                              const std::string& sql, std::string_view value) {
  HW_ASSIGN_OR_RETURN(Statement select, connection.Prepare(sql));
  select.Bind(1, value);
  std::vector<std::string> ids;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return ids;
    ids.emplace_back(select.Text(0));
  }
}

// Takes a person out of every stored allocation that names them.
Status RemoveFromAllocations(internal::Connection& connection, std::string_view individual_id,
                             ChangeLog* changes) {
  HW_ASSIGN_OR_RETURN(
      std::vector<std::string> ids,
      CollectIds(connection, "SELECT id FROM allocations WHERE instr(doc, ?1) > 0", individual_id));
  Repository<model::Allocation> allocations(connection);
  for (const std::string& id : ids) {
    HW_ASSIGN_OR_RETURN(model::Allocation allocation, allocations.Get(id));
    auto& people = allocation.individuals;
    people.erase(std::remove(people.begin(), people.end(), individual_id), people.end());
    auto& assigned = allocation.assignments;
    assigned.erase(std::remove_if(assigned.begin(), assigned.end(),
                                  [&](const auto& a) { return a.individual_id == individual_id; }),
                   assigned.end());
    auto& unassigned = allocation.unassigned;
    unassigned.erase(
        std::remove_if(unassigned.begin(), unassigned.end(),
                       [&](const auto& u) { return u.individual_id == individual_id; }),
        unassigned.end());
    HW_RETURN_IF_ERROR(
        WriteRepository<model::Allocation>(connection, changes).Update(allocation).status());
  }
  return Status::Ok();
}

// Everything besides the person's own row that holds their data (see the erasure section of
// docs/formats/sqlite-schema.md). Audit entries stay: they hold ids and actions, not the person.
Status ErasePersonTraces(internal::Connection& connection, std::string_view individual_id,
                         ChangeLog* changes) {
  HW_ASSIGN_OR_RETURN(
      std::vector<std::string> referrals,
      CollectIds(connection, "SELECT id FROM referrals WHERE individual_id = ?1", individual_id));
  HW_ASSIGN_OR_RETURN(Statement delete_referrals,
                      connection.Prepare("DELETE FROM referrals WHERE individual_id = ?1"));
  HW_RETURN_IF_ERROR(delete_referrals.Bind(1, individual_id).Run());
  for (const std::string& id : referrals) RecordDeletion<model::Referral>(changes, id);

  // Stay-home comparisons (docs/offer-comparison.md) are about the person alone.
  HW_ASSIGN_OR_RETURN(Statement delete_comparisons,
                      connection.Prepare("DELETE FROM offer_comparisons WHERE individual_id = ?1"));
  HW_RETURN_IF_ERROR(delete_comparisons.Bind(1, individual_id).Run());

  // Idempotency rows stay: they hold the status, Location and id only, and keep a retry of the
  // person's creation answering 404 instead of creating them again.
  return RemoveFromAllocations(connection, individual_id, changes);
}

}  // namespace

template <typename T>
StatusOr<T> Repository<T>::Get(std::string_view id) const {
  HW_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(SelectFrom<T>() + " WHERE id = ?1"));
  select.Bind(1, id);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return NotFound(Resource<T>::kTable);
  return ReadRow<T>(select, connection_->keys());
}

template <typename T>
StatusOr<T> Repository<T>::GetBy(std::string_view column, std::string_view value) const {
  internal::Where where;
  HW_RETURN_IF_ERROR(
      internal::AddFilters({{std::string(column), {std::string(value)}}}, ColumnNames<T>(), where));
  HW_ASSIGN_OR_RETURN(Statement select,
                      connection_->Prepare(SelectFrom<T>() + where.sql + " LIMIT 1"));
  internal::BindAll(select, where.values);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return NotFound(Resource<T>::kTable);
  return ReadRow<T>(select, connection_->keys());
}

template <typename T>
StatusOr<Page<T>> Repository<T>::List(const ListOptions& options) const {
  HW_RETURN_IF_ERROR(internal::CheckLimit(options.limit));
  internal::Where where;
  HW_RETURN_IF_ERROR(internal::AddFilters(options.filters, ColumnNames<T>(), where));
  if (!options.cursor.empty()) {
    HW_ASSIGN_OR_RETURN(internal::ListKey after,
                        internal::DecodeCursor(options.cursor, Resource<T>::kPrefix));
    where.Add("(created_at, id) > (?, ?)");
    where.values.push_back(std::move(after.time));
    where.values.push_back(std::move(after.id));
  }
  HW_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(SelectFrom<T>() + where.sql +
                                                             " ORDER BY created_at, id LIMIT ?"));
  // One row more than asked tells whether another page follows.
  select.Bind(internal::BindAll(select, where.values), int64_t{options.limit} + 1);
  Page<T> page;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (page.items.size() == static_cast<size_t>(options.limit)) {
      const auto& last = page.items.back().meta;
      page.next_cursor = internal::EncodeCursor({last.created_at, last.id});
      break;
    }
    HW_ASSIGN_OR_RETURN(T record, ReadRow<T>(select, connection_->keys()));
    page.items.push_back(std::move(record));
  }
  return page;
}

template <typename T>
Status Repository<T>::ForEach(const Filters& filters, const std::function<Status(T&&)>& fn) const {
  internal::Where where;
  HW_RETURN_IF_ERROR(internal::AddFilters(filters, ColumnNames<T>(), where));
  HW_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(SelectFrom<T>() + where.sql));
  internal::BindAll(select, where.values);

  // Rows are copied out in chunks and decoded on worker threads while this thread steps on;
  // `fn` still sees every record here, in row order. A table smaller than one chunk (or a
  // single-core machine) is decoded inline.
  constexpr size_t kChunkRows = 256;
  const unsigned threads = std::thread::hardware_concurrency();
  std::optional<internal::ParallelDecoder<T>> decoder;
  auto deliver = [&](typename internal::ParallelDecoder<T>::Decoded decoded) -> Status {
    HW_RETURN_IF_ERROR(decoded.status);
    for (T& record : decoded.records) HW_RETURN_IF_ERROR(fn(std::move(record)));
    return Status::Ok();
  };
  std::vector<internal::RawRow> chunk;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (threads < 2) {
      HW_ASSIGN_OR_RETURN(T record, ReadRow<T>(select, connection_->keys()));
      HW_RETURN_IF_ERROR(fn(std::move(record)));
      continue;
    }
    chunk.push_back({std::string(select.Text(0)), std::string(select.Text(1)),
                     std::string(select.Text(2)), std::string(select.Text(3))});
    if (chunk.size() < kChunkRows) continue;
    if (!decoder) {
      decoder.emplace(threads, [keys = connection_->keys()](const internal::RawRow& raw) {
        return DecodeRaw<T>(keys, raw);
      });
    }
    decoder->Push(std::exchange(chunk, {}));
    // Bounded read-ahead: memory stays a few chunks whatever the table's size.
    while (decoder->in_flight() >= 2 * threads) HW_RETURN_IF_ERROR(deliver(decoder->Next()));
  }
  while (decoder && decoder->in_flight() > 0) HW_RETURN_IF_ERROR(deliver(decoder->Next()));
  for (const internal::RawRow& raw : chunk) {
    HW_ASSIGN_OR_RETURN(T record, DecodeRaw<T>(connection_->keys(), raw));
    HW_RETURN_IF_ERROR(fn(std::move(record)));
  }
  return Status::Ok();
}

template <typename T>
StatusOr<int64_t> Repository<T>::Count(const Filters& filters) const {
  internal::Where where;
  HW_RETURN_IF_ERROR(internal::AddFilters(filters, ColumnNames<T>(), where));
  HW_ASSIGN_OR_RETURN(
      Statement select,
      connection_->Prepare("SELECT count(*) FROM " + std::string(Resource<T>::kTable) + where.sql));
  internal::BindAll(select, where.values);
  HW_RETURN_IF_ERROR(select.Step().status());
  return select.Int(0);
}

template <typename T>
StatusOr<std::map<std::string, int64_t>> Repository<T>::CountBy(std::string_view column,
                                                                const Filters& filters) const {
  const std::vector<std::string_view> names = ColumnNames<T>();
  if (std::find(names.begin(), names.end(), column) == names.end()) {
    return Status::InvalidArgument("cannot count by this field");
  }
  internal::Where where;
  HW_RETURN_IF_ERROR(internal::AddFilters(filters, names, where));
  const std::string name(column);  // one of the resource's own column names
  HW_ASSIGN_OR_RETURN(Statement select, connection_->Prepare("SELECT " + name + ", count(*) FROM " +
                                                             std::string(Resource<T>::kTable) +
                                                             where.sql + " GROUP BY " + name));
  internal::BindAll(select, where.values);
  std::map<std::string, int64_t> counts;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))] = select.Int(1);
  }
}

template <typename T>
StatusOr<T> WriteRepository<T>::Create(T record) const {
  if (record.meta.id.empty()) {
    record.meta.id = NewId(Resource<T>::kPrefix);
  } else if (!IsWellFormedId(record.meta.id, Resource<T>::kPrefix)) {
    return Status::InvalidArgument("malformed id", {{"/id", "not an id of this kind of record"}});
  }
  record.meta.created_at = record.meta.updated_at = this->connection_->clock().NowRfc3339();
  HW_ASSIGN_OR_RETURN(std::string doc, internal::EncodeDocument(record, this->connection_->keys()));

  static const std::string sql = [] {
    std::string names = "id";
    std::string params = "?";
    for (const Column<T>& column : Resource<T>::Columns()) {
      names += ", " + std::string(column.name);
      params += ", ?";
    }
    return "INSERT INTO " + std::string(Resource<T>::kTable) + " (" + names +
           ", created_at, updated_at, doc) VALUES (" + params + ", ?, ?, ?)";
  }();
  HW_ASSIGN_OR_RETURN(Statement insert, this->connection_->Prepare(sql));
  insert.Bind(1, record.meta.id);
  int next = BindColumns(insert, record, 2);
  insert.Bind(next, record.meta.created_at).Bind(next + 1, record.meta.updated_at);
  insert.Bind(next + 2, doc);
  HW_RETURN_IF_ERROR(insert.Run());
  if constexpr (std::is_same_v<T, model::Individual>) {
    HW_RETURN_IF_ERROR(internal::MoveVulnerabilityCount(*this->connection_, record, +1));
  } else if constexpr (std::is_same_v<T, model::Referral>) {
    HW_RETURN_IF_ERROR(internal::MoveReferralCounts(*this->connection_, nullptr, &record));
  }
  Record(changes_, record);
  return record;
}

template <typename T>
StatusOr<T> WriteRepository<T>::Update(T record) const {
  // What the record was counted as is in the stored doc only.
  if constexpr (std::is_same_v<T, model::Individual>) {
    HW_ASSIGN_OR_RETURN(const model::Individual before, this->Get(record.meta.id));
    HW_RETURN_IF_ERROR(internal::MoveVulnerabilityCount(*this->connection_, before, -1));
    HW_RETURN_IF_ERROR(internal::MoveVulnerabilityCount(*this->connection_, record, +1));
    if (before.sex != record.sex) {
      HW_RETURN_IF_ERROR(
          internal::MovePersonReferralCounts(*this->connection_, record.meta.id, before.sex, -1));
      HW_RETURN_IF_ERROR(
          internal::MovePersonReferralCounts(*this->connection_, record.meta.id, record.sex, +1));
    }
  } else if constexpr (std::is_same_v<T, model::Referral>) {
    HW_ASSIGN_OR_RETURN(const model::Referral before, this->Get(record.meta.id));
    HW_RETURN_IF_ERROR(internal::MoveReferralCounts(*this->connection_, &before, &record));
  }
  record.meta.updated_at = this->connection_->clock().NowRfc3339();
  HW_ASSIGN_OR_RETURN(std::string doc, internal::EncodeDocument(record, this->connection_->keys()));

  static const std::string sql = [] {
    std::string sets;
    for (const Column<T>& column : Resource<T>::Columns()) {
      sets += std::string(column.name) + " = ?, ";
    }
    return "UPDATE " + std::string(Resource<T>::kTable) + " SET " + sets +
           "updated_at = ?, doc = ? WHERE id = ? RETURNING created_at";
  }();
  HW_ASSIGN_OR_RETURN(Statement update, this->connection_->Prepare(sql));
  int next = BindColumns(update, record, 1);
  update.Bind(next, record.meta.updated_at).Bind(next + 1, doc).Bind(next + 2, record.meta.id);
  HW_ASSIGN_OR_RETURN(bool row, update.Step());
  if (!row) return NotFound(Resource<T>::kTable);
  record.meta.created_at = std::string(update.Text(0));
  HW_RETURN_IF_ERROR(update.Run());  // finish the statement before the next one
  Record(changes_, record);
  return record;
}

template <typename T>
Status WriteRepository<T>::Delete(std::string_view id) const {
  if constexpr (std::is_same_v<T, model::Individual>) {
    HW_ASSIGN_OR_RETURN(const model::Individual before, this->Get(id));
    HW_RETURN_IF_ERROR(internal::MoveVulnerabilityCount(*this->connection_, before, -1));
    HW_RETURN_IF_ERROR(internal::MovePersonReferralCounts(*this->connection_, id, before.sex, -1));
    HW_RETURN_IF_ERROR(ErasePersonTraces(*this->connection_, id, changes_));
  } else if constexpr (std::is_same_v<T, model::Referral>) {
    HW_ASSIGN_OR_RETURN(const model::Referral before, this->Get(id));
    HW_RETURN_IF_ERROR(internal::MoveReferralCounts(*this->connection_, &before, nullptr));
  }
  static const std::string sql =
      "DELETE FROM " + std::string(Resource<T>::kTable) + " WHERE id = ?1";
  HW_ASSIGN_OR_RETURN(Statement remove, this->connection_->Prepare(sql));
  HW_RETURN_IF_ERROR(remove.Bind(1, id).Run());
  if (this->connection_->Changes() == 0) return NotFound(Resource<T>::kTable);
  RecordDeletion<T>(changes_, id);
  return Status::Ok();
}

template class Repository<model::Individual>;
template class Repository<model::Employer>;
template class Repository<model::Vacancy>;
template class Repository<model::Training>;
template class Repository<model::Programme>;
template class Repository<model::Referral>;
template class Repository<model::Allocation>;
template class Repository<model::ApiKey>;
template class WriteRepository<model::Individual>;
template class WriteRepository<model::Employer>;
template class WriteRepository<model::Vacancy>;
template class WriteRepository<model::Training>;
template class WriteRepository<model::Programme>;
template class WriteRepository<model::Referral>;
template class WriteRepository<model::Allocation>;
template class WriteRepository<model::ApiKey>;

}  // namespace homeward::store
