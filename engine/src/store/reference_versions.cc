#include "homeward/store/reference_versions.h"

#include <string>
#include <utility>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

struct TableNames {
  const char* table;
  const char* id_prefix;
};

// Table names come from this list only, never from input.
TableNames NamesOf(ReferenceTable table) {
  switch (table) {
    case ReferenceTable::kExchangeRates:
      return {"exchange_rates", "fxr"};
    case ReferenceTable::kDestinationCosts:
      return {"destination_costs", "dcv"};
  }
  return {"", ""};
}

}  // namespace

StatusOr<ReferenceVersion> ReferenceVersions::Current() const {
  HW_ASSIGN_OR_RETURN(
      internal::Statement select,
      connection_->Prepare(std::string("SELECT version, created_by, created_at, doc "
                                       "FROM ") +
                           NamesOf(table_).table + " ORDER BY version DESC LIMIT 1"));
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound(std::string("no ") + NamesOf(table_).table + " stored");
  ReferenceVersion version;
  version.version = static_cast<int>(select.Int(0));
  version.created_by = std::string(select.Text(1));
  version.created_at = std::string(select.Text(2));
  HW_ASSIGN_OR_RETURN(version.doc, internal::ParseDocument(select.Text(3)));
  return version;
}

StatusOr<ReferenceVersion> WriteReferenceVersions::Put(model::Json doc, std::string_view by) const {
  const TableNames names = NamesOf(table_);
  HW_ASSIGN_OR_RETURN(
      internal::Statement latest,
      connection_->Prepare(std::string("SELECT coalesce(max(version), 0) FROM ") + names.table));
  HW_RETURN_IF_ERROR(latest.Step().status());
  ReferenceVersion version;
  version.version = static_cast<int>(latest.Int(0)) + 1;
  version.created_by = std::string(by);
  version.created_at = connection_->clock().NowRfc3339();
  HW_ASSIGN_OR_RETURN(std::string text, internal::DumpDocument(doc));
  version.doc = std::move(doc);
  HW_ASSIGN_OR_RETURN(internal::Statement insert,
                      connection_->Prepare(std::string("INSERT INTO ") + names.table +
                                           " (id, version, created_by, created_at, doc) "
                                           "VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, NewId(names.id_prefix)).Bind(2, int64_t{version.version});
  insert.Bind(3, version.created_by).Bind(4, version.created_at).Bind(5, text);
  HW_RETURN_IF_ERROR(insert.Run());
  return version;
}

}  // namespace homeward::store
