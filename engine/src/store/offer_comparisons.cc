#include "homeward/store/offer_comparisons.h"

#include <utility>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/crypto/seal.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

constexpr std::string_view kTable = "offer_comparisons";
constexpr std::string_view kPrefix = "ofc";
constexpr char kSelect[] =
    "SELECT id, individual_id, created_at, doc FROM offer_comparisons WHERE individual_id = ?1";

// The comparison on the statement's current row (columns as in kSelect); a sealed doc is opened.
StatusOr<StoredOfferComparison> ReadRow(const internal::Statement& row,
                                        const crypto::Keyring* keys) {
  StoredOfferComparison stored{
      std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)), {}};
  HW_ASSIGN_OR_RETURN(stored.doc, internal::OpenDocument(keys, kTable, stored.id, row.Text(3)));
  return stored;
}

}  // namespace

StatusOr<StoredOfferComparison> OfferComparisons::Get(std::string_view individual_id,
                                                      std::string_view id) const {
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare(std::string(kSelect) + " AND id = ?2"));
  select.Bind(1, individual_id).Bind(2, id);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no such record in offer_comparisons");
  return ReadRow(select, connection_->keys());
}

StatusOr<Page<StoredOfferComparison>> OfferComparisons::List(std::string_view individual_id,
                                                             const ListOptions& options) const {
  HW_RETURN_IF_ERROR(internal::CheckLimit(options.limit));
  if (!options.filters.empty()) return Status::InvalidArgument("offer comparisons have no filters");
  std::string sql = kSelect;
  internal::ListKey after{"", ""};
  if (!options.cursor.empty()) {
    HW_ASSIGN_OR_RETURN(after, internal::DecodeCursor(options.cursor, kPrefix));
    sql += " AND (created_at, id) > (?2, ?3)";
  }
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare(sql + " ORDER BY created_at, id LIMIT ?4"));
  select.Bind(1, individual_id);
  if (!options.cursor.empty()) select.Bind(2, after.time).Bind(3, after.id);
  // One row more than asked tells whether another page follows.
  select.Bind(4, int64_t{options.limit} + 1);
  Page<StoredOfferComparison> page;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (page.items.size() == static_cast<size_t>(options.limit)) {
      page.next_cursor =
          internal::EncodeCursor({page.items.back().created_at, page.items.back().id});
      break;
    }
    HW_ASSIGN_OR_RETURN(StoredOfferComparison stored, ReadRow(select, connection_->keys()));
    page.items.push_back(std::move(stored));
  }
  return page;
}

StatusOr<StoredOfferComparison> WriteOfferComparisons::Create(std::string individual_id,
                                                              model::Json doc) const {
  StoredOfferComparison stored{NewId(kPrefix), std::move(individual_id),
                               connection_->clock().NowRfc3339(), std::move(doc)};
  HW_ASSIGN_OR_RETURN(std::string text, internal::DumpDocument(stored.doc));
  if (const crypto::Keyring* keys = connection_->keys()) {
    text = crypto::Seal(*keys, kTable, stored.id, text);
  }
  HW_ASSIGN_OR_RETURN(internal::Statement insert,
                      connection_->Prepare("INSERT INTO offer_comparisons (id, individual_id, "
                                           "created_at, doc) VALUES (?1, ?2, ?3, ?4)"));
  insert.Bind(1, stored.id).Bind(2, stored.individual_id).Bind(3, stored.created_at);
  HW_RETURN_IF_ERROR(insert.Bind(4, text).Run());
  return stored;
}

}  // namespace homeward::store
