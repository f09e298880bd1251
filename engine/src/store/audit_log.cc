#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {

StatusOr<Page<model::AuditEntry>> AuditLog::List(const ListOptions& options) const {
  RETURN_IF_ERROR(internal::CheckLimit(options.limit));
  internal::Where where;
  RETURN_IF_ERROR(internal::AddFilters(options.filters, {"subject", "actor", "action"}, where));
  if (!options.cursor.empty()) {
    ASSIGN_OR_RETURN(internal::ListKey after, internal::DecodeCursor(options.cursor, "aud"));
    where.Add("(at, id) > (?, ?)");
    where.values.push_back(std::move(after.time));
    where.values.push_back(std::move(after.id));
  }
  ASSIGN_OR_RETURN(
      internal::Statement select,
      connection_->Prepare("SELECT id, at, actor, action, subject, outcome FROM audit" + where.sql +
                           " ORDER BY at, id LIMIT ?"));
  select.Bind(internal::BindAll(select, where.values), int64_t{options.limit} + 1);
  Page<model::AuditEntry> page;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (page.items.size() == static_cast<size_t>(options.limit)) {
      page.next_cursor = internal::EncodeCursor({page.items.back().at, page.items.back().id});
      break;
    }
    page.items.push_back({std::string(select.Text(0)), std::string(select.Text(1)),
                          std::string(select.Text(2)), std::string(select.Text(3)),
                          std::string(select.Text(4)), std::string(select.Text(5))});
  }
  return page;
}

StatusOr<model::AuditEntry> WriteAuditLog::Append(model::AuditEntry entry) const {
  if (entry.id.empty()) entry.id = NewTimeOrderedId("aud");
  if (entry.at.empty()) entry.at = NowRfc3339();
  ASSIGN_OR_RETURN(internal::Statement insert,
                   connection_->Prepare("INSERT INTO audit (id, at, actor, action, subject, "
                                        "outcome) VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, entry.id).Bind(2, entry.at).Bind(3, entry.actor).Bind(4, entry.action);
  insert.Bind(5, entry.subject).Bind(6, entry.outcome);
  RETURN_IF_ERROR(insert.Run());
  return entry;
}

}  // namespace homeward::store
