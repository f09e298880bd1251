#include "homeward/base/id.h"
#include "homeward/base/time.h"
#include "homeward/model/json.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"
#include "internal/query.h"

namespace homeward::store {
namespace {

constexpr char kSelect[] =
    "SELECT id, province, version, created_by, created_at, doc FROM market_data "
    "WHERE province = ?1 ORDER BY version DESC";

StatusOr<MarketVersion> ReadVersion(const internal::Statement& row) {
  HW_ASSIGN_OR_RETURN(model::Json doc, internal::ParseDocument(row.Text(5)));
  StatusOr<model::MarketData> data = model::ParseModel<model::MarketData>(doc);
  if (!data.ok()) return Status::Internal("stored market data does not fit the model");
  MarketVersion version{std::string(row.Text(0)),     std::string(row.Text(1)),
                        static_cast<int>(row.Int(2)), std::string(row.Text(3)),
                        std::string(row.Text(4)),     std::move(data).value()};
  version.data.province = version.province;
  version.data.version = version.version;
  return version;
}

}  // namespace

StatusOr<MarketVersion> MarketHistory::Current(std::string_view province) const {
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare(std::string(kSelect) + " LIMIT 1"));
  select.Bind(1, province);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no market data stored for this province");
  return ReadVersion(select);
}

StatusOr<std::vector<MarketVersion>> MarketHistory::History(std::string_view province) const {
  HW_ASSIGN_OR_RETURN(internal::Statement select, connection_->Prepare(kSelect));
  select.Bind(1, province);
  std::vector<MarketVersion> versions;
  for (;;) {
    HW_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return versions;
    HW_ASSIGN_OR_RETURN(MarketVersion version, ReadVersion(select));
    versions.push_back(std::move(version));
  }
}

StatusOr<MarketVersion> WriteMarketHistory::Put(model::MarketData data, std::string_view by) const {
  if (data.province.empty()) {
    return Status::InvalidArgument("market data names no province", {{"/province", "is required"}});
  }
  HW_ASSIGN_OR_RETURN(
      internal::Statement latest,
      connection_->Prepare("SELECT coalesce(max(version), 0) FROM market_data WHERE province = ?"));
  latest.Bind(1, data.province);
  HW_RETURN_IF_ERROR(latest.Step().status());
  MarketVersion version{NewId("mkt"),
                        data.province,
                        static_cast<int>(latest.Int(0)) + 1,
                        std::string(by),
                        connection_->clock().NowRfc3339(),
                        std::move(data)};
  version.data.version = version.version;
  HW_ASSIGN_OR_RETURN(std::string doc, internal::DumpDocument(model::Json(version.data)));

  HW_ASSIGN_OR_RETURN(
      internal::Statement insert,
      connection_->Prepare("INSERT INTO market_data (id, province, version, "
                           "created_by, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, version.id).Bind(2, version.province).Bind(3, int64_t{version.version});
  insert.Bind(4, version.created_by).Bind(5, version.created_at).Bind(6, doc);
  HW_RETURN_IF_ERROR(insert.Run());
  if (changes_ != nullptr) {
    changes_->push_back({ResourceKind::kMarketData, version.province, version.data});
  }
  return version;
}

}  // namespace homeward::store
