// verify-audit: walks the audit log's hash chain of a database (beside a running server or
// while it is stopped) and reports its first broken link.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "homeward/store/database.h"

namespace homeward::admin {

void AddAuditCommands(CLI::App& app, Common& common) {
  auto anchors = std::make_shared<std::vector<std::string>>();
  CLI::App* verify = app.add_subcommand(
      "verify-audit", "Check the audit log's hash chain and report its first broken link");
  verify->add_option("--db", common.db, "SQLite database file")
      ->envname("HOMEWARD_DB")
      ->capture_default_str();
  verify->add_option("--anchor", *anchors,
                     "A link kept outside the database, SEQ:HASH (an earlier tip); repeatable");
  verify->callback([&common, anchors] {
    std::vector<store::AuditLink> external;
    for (const std::string& text : *anchors) {
      StatusOr<std::vector<store::AuditLink>> parsed = store::ParseAuditLinks(text);
      if (!parsed.ok()) Fail(parsed.status().ToString());
      external.insert(external.end(), parsed->begin(), parsed->end());
    }
    StatusOr<store::AuditChainCheck> check = store::VerifyAuditChain(common.db, external);
    if (!check.ok()) Fail(check.status().message());
    std::cout << "rows checked: " << check->rows << "\nanchors checked: " << check->anchors << "\n";
    if (check->first_break) {
      std::cout << "BROKEN at row " << check->first_break->seq;
      if (!check->first_break->id.empty()) std::cout << " (" << check->first_break->id << ")";
      std::cout << ": " << check->first_break->reason << "\n";
      throw CLI::RuntimeError(3);
    }
    if (check->tip) std::cout << "tip (keep it as an anchor): " << ToString(*check->tip) << "\n";
    std::cout << "the audit chain holds\n";
  });
}

}  // namespace homeward::admin
