#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/crypto/digest.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {

namespace {
// A row selected as "id, at, actor, action, subject, outcome, detail" from column `first` on.
model::AuditEntry EntryAt(const internal::Statement& row, int first) {
  return {std::string(row.Text(first)),     std::string(row.Text(first + 1)),
          std::string(row.Text(first + 2)), std::string(row.Text(first + 3)),
          std::string(row.Text(first + 4)), std::string(row.Text(first + 5)),
          std::string(row.Text(first + 6))};
}

}  // namespace

StatusOr<Page<model::AuditEntry>> AuditLog::List(const ListOptions& options) const {
  HW_RETURN_IF_ERROR(internal::CheckLimit(options.limit));
  internal::Where where;
  HW_RETURN_IF_ERROR(internal::AddFilters(options.filters, {"subject", "actor", "action"}, where));
  if (!options.cursor.empty()) {
    HW_ASSIGN_OR_RETURN(internal::ListKey after, internal::DecodeCursor(options.cursor, "aud"));
    where.Add("(at, id) > (?, ?)");
    where.values.push_back(std::move(after.time));
    where.values.push_back(std::move(after.id));
  }
  HW_ASSIGN_OR_RETURN(
      internal::Statement select,
      connection_->Prepare("SELECT id, at, actor, action, subject, outcome, detail FROM audit" +
                           where.sql + " ORDER BY at, id LIMIT ?"));
  select.Bind(internal::BindAll(select, where.values), int64_t{options.limit} + 1);
  Page<model::AuditEntry> page;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (page.items.size() == static_cast<size_t>(options.limit)) {
      page.next_cursor = internal::EncodeCursor({page.items.back().at, page.items.back().id});
      break;
    }
    page.items.push_back(EntryAt(select, 0));
  }
  return page;
}

StatusOr<std::map<std::string, int64_t>> AuditLog::AllowedByProvince(std::string_view action,
                                                                     bool subject_is_person) const {
  HW_ASSIGN_OR_RETURN(
      internal::Statement select,
      connection_->Prepare(std::string("SELECT s.province, count(*) FROM audit a JOIN ") +
                           (subject_is_person ? "individuals" : "employers") +
                           " s ON s.id = a.subject WHERE a.action = ?1 AND a.outcome = 'allowed' "
                           "GROUP BY s.province"));
  select.Bind(1, action);
  std::map<std::string, int64_t> counts;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return counts;
    counts[std::string(select.Text(0))] = select.Int(1);
  }
}

namespace {

// The hash before the first row's.
const std::string kGenesis(crypto::kFieldsDigestChars, '0');

// "audit/1" for a row without detail (every row before schema version 7), "audit/2" with it.
std::string LinkHash(int64_t seq, const model::AuditEntry& entry, std::string_view prev_hash) {
  if (entry.detail.empty()) {
    return crypto::FieldsDigest({"audit/1", std::to_string(seq), entry.id, entry.at, entry.actor,
                                 entry.action, entry.subject, entry.outcome, prev_hash});
  }
  return crypto::FieldsDigest({"audit/2", std::to_string(seq), entry.id, entry.at, entry.actor,
                               entry.action, entry.subject, entry.outcome, entry.detail,
                               prev_hash});
}

// The last link of the chain; seq 0 and the genesis hash for an empty chain.
StatusOr<AuditLink> Tip(internal::Connection& connection) {
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection.Prepare("SELECT seq, hash FROM audit WHERE seq IS NOT NULL "
                                         "ORDER BY seq DESC LIMIT 1"));
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return AuditLink{0, kGenesis};
  return AuditLink{select.Int(0), std::string(select.Text(1))};
}

// The link of `entry` put after `tip`.
AuditLink Next(const AuditLink& tip, const model::AuditEntry& entry) {
  return {tip.seq + 1, LinkHash(tip.seq + 1, entry, tip.hash)};
}

// Stores an anchor when `link` is at an anchor's place.
Status AnchorIfDue(internal::Connection& connection, const AuditLink& link) {
  if (link.seq % kAuditAnchorInterval != 0) return Status::Ok();
  HW_ASSIGN_OR_RETURN(
      internal::Statement anchor,
      connection.Prepare("INSERT INTO audit_anchors (seq, hash, at) VALUES (?, ?, ?)"));
  anchor.Bind(1, link.seq).Bind(2, link.hash).Bind(3, connection.clock().NowRfc3339());
  return anchor.Run();
}

}  // namespace

StatusOr<std::vector<AuditLink>> ParseAuditLinks(std::string_view text) {
  std::vector<AuditLink> links;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t colon = item.find(':');
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const auto is_hex = [&](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); };
    const std::string_view seq = item.substr(0, colon);
    const std::string_view hash =
        colon == std::string_view::npos ? std::string_view() : item.substr(colon + 1);
    if (seq.empty() || seq.size() > 18 || !std::all_of(seq.begin(), seq.end(), is_digit) ||
        hash.size() != crypto::kFieldsDigestChars ||
        !std::all_of(hash.begin(), hash.end(), is_hex) || std::stoll(std::string(seq)) < 1) {
      return Status::InvalidArgument("malformed audit anchor",
                                     {{"anchors", "\"" + std::string(item) +
                                                      "\" is not SEQ:HASH (a row number from 1 "
                                                      "and 64 lowercase hex digits)"}});
    }
    links.push_back({std::stoll(std::string(seq)), std::string(hash)});
  }
  return links;
}

std::string ToString(const AuditLink& link) {
  return std::to_string(link.seq) + ":" + link.hash;
}

StatusOr<AuditChainCheck> AuditLog::VerifyChain(const std::vector<AuditLink>& external) const {
  AuditChainCheck check;
  // Anchors by their place: the stored ones and the given ones.
  std::map<int64_t, std::vector<std::string>> anchors;
  HW_ASSIGN_OR_RETURN(internal::Statement stored,
                      connection_->Prepare("SELECT seq, hash FROM audit_anchors ORDER BY seq"));
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, stored.Step());
    if (!row) break;
    anchors[stored.Int(0)].emplace_back(stored.Text(1));
  }
  for (const AuditLink& link : external) anchors[link.seq].push_back(link.hash);
  const auto broken = [&check](int64_t seq, std::string id, std::string reason) {
    check.first_break = AuditChainCheck::Break{seq, std::move(id), std::move(reason)};
    return check;
  };

  HW_ASSIGN_OR_RETURN(internal::Statement unchained,
                      connection_->Prepare("SELECT id FROM audit WHERE seq IS NULL LIMIT 1"));
  HW_ASSIGN_OR_RETURN(bool loose, unchained.Step());
  if (loose) return broken(0, std::string(unchained.Text(0)), "the row is not in the chain");

  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare("SELECT seq, id, at, actor, action, subject, outcome, "
                                           "detail, prev_hash, hash FROM audit ORDER BY seq"));
  AuditLink previous{0, kGenesis};
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    const int64_t seq = select.Int(0);
    model::AuditEntry entry = EntryAt(select, 1);
    const std::string_view prev_hash = select.Text(8);
    const std::string_view hash = select.Text(9);
    if (seq != previous.seq + 1) {
      return broken(previous.seq + 1, entry.id,
                    "rows " + std::to_string(previous.seq + 1) + " to " + std::to_string(seq - 1) +
                        " are missing");
    }
    if (prev_hash != previous.hash) {
      return broken(seq, entry.id, "the hash of the row before does not match the row before");
    }
    if (hash != LinkHash(seq, entry, prev_hash)) {
      return broken(seq, entry.id, "the row's fields do not give its hash (the row was changed)");
    }
    if (auto it = anchors.find(seq); it != anchors.end()) {
      for (const std::string& anchored : it->second) {
        if (anchored != hash) return broken(seq, entry.id, "the row does not match its anchor");
        ++check.anchors;
      }
      anchors.erase(it);
    }
    previous = AuditLink{seq, std::string(hash)};
    ++check.rows;
  }
  if (check.rows > 0) check.tip = previous;
  // An anchor past the end: rows were cut from the end of the log.
  if (!anchors.empty()) {
    return broken(anchors.begin()->first, "",
                  "the anchor at row " + std::to_string(anchors.begin()->first) +
                      " is past the end of the log (rows were removed from its end)");
  }
  return check;
}

StatusOr<model::AuditEntry> WriteAuditLog::Append(model::AuditEntry entry) const {
  if (entry.id.empty()) entry.id = NewTimeOrderedId("aud");
  if (entry.at.empty()) entry.at = connection_->clock().NowRfc3339();
  HW_ASSIGN_OR_RETURN(const AuditLink tip, Tip(*connection_));
  const AuditLink link = Next(tip, entry);
  HW_ASSIGN_OR_RETURN(internal::Statement insert,
                      connection_->Prepare("INSERT INTO audit (id, at, actor, action, subject, "
                                           "outcome, detail, seq, prev_hash, hash) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, entry.id).Bind(2, entry.at).Bind(3, entry.actor).Bind(4, entry.action);
  insert.Bind(5, entry.subject).Bind(6, entry.outcome).Bind(7, entry.detail);
  insert.Bind(8, link.seq).Bind(9, tip.hash).Bind(10, link.hash);
  HW_RETURN_IF_ERROR(insert.Run());
  HW_RETURN_IF_ERROR(AnchorIfDue(*connection_, link));
  return entry;
}

StatusOr<int64_t> WriteAuditLog::LinkUnchained(int64_t limit) const {
  HW_ASSIGN_OR_RETURN(AuditLink tip, Tip(*connection_));
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare("SELECT id, at, actor, action, subject, outcome, detail "
                                           "FROM audit WHERE seq IS NULL ORDER BY at, id LIMIT ?"));
  select.Bind(1, limit);
  std::vector<model::AuditEntry> rows;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    rows.push_back(EntryAt(select, 0));
  }
  for (const model::AuditEntry& entry : rows) {
    const AuditLink link = Next(tip, entry);
    HW_ASSIGN_OR_RETURN(internal::Statement update,
                        connection_->Prepare("UPDATE audit SET seq = ?, prev_hash = ?, hash = ? "
                                             "WHERE at = ? AND id = ?"));
    update.Bind(1, link.seq).Bind(2, tip.hash).Bind(3, link.hash).Bind(4, entry.at);
    update.Bind(5, entry.id);
    HW_RETURN_IF_ERROR(update.Run());
    HW_RETURN_IF_ERROR(AnchorIfDue(*connection_, link));
    tip = link;
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace homeward::store
