// docs/formats/sqlite-schema.md against the database the migrations make. Regression: the page
// promised an index on every filter column of every resource table (employers' sector and
// verified, vacancies' sector and screening, api_keys' role and revoked, ...) that no migration
// ever created.
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "store_fixture.h"

namespace homeward::store {
namespace {

struct Index {
  std::string table;
  std::string columns;  // "(created_at, id)"
  bool operator==(const Index& other) const {
    return table == other.table && columns == other.columns;
  }
};

std::ostream& operator<<(std::ostream& os, const Index& index) {
  return os << index.table << " " << index.columns;
}

std::string SchemaDoc() {
  std::ifstream in(homeward::testing::SourceDir() / "docs" / "formats" / "sqlite-schema.md");
  EXPECT_TRUE(in) << "docs/formats/sqlite-schema.md not found";
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The text between the backticks of "`text`", or "" when `cell` is not one such span.
std::string Code(std::string cell) {
  while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
  while (!cell.empty() && cell.back() == ' ') cell.pop_back();
  if (cell.size() < 3 || cell.front() != '`' || cell.back() != '`') return "";
  return cell.substr(1, cell.size() - 2);
}

// The backticked spans of `text`, in order.
std::vector<std::string> CodeSpans(const std::string& text) {
  std::vector<std::string> spans;
  for (size_t open = text.find('`'); open != std::string::npos;) {
    const size_t close = text.find('`', open + 1);
    if (close == std::string::npos) break;
    spans.push_back(text.substr(open + 1, close - open - 1));
    open = text.find('`', close + 1);
  }
  return spans;
}

// The rows of the page's "## Indexes" table ("| `name` | `table` | `(columns)` |"), by name.
std::map<std::string, Index> DocumentedIndexes(const std::string& doc) {
  const size_t start = doc.find("\n## Indexes\n");
  EXPECT_NE(start, std::string::npos) << "no \"## Indexes\" section";
  if (start == std::string::npos) return {};
  const size_t end = doc.find("\n## ", start + 1);
  std::istringstream section(doc.substr(start, end - start));
  std::map<std::string, Index> indexes;
  for (std::string line; std::getline(section, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(Code(cell));
    EXPECT_EQ(cells.size(), 3u) << line;
    if (cells.size() != 3) continue;
    EXPECT_TRUE(indexes.emplace(cells[0], Index{cells[1], cells[2]}).second)
        << "listed twice: " << cells[0];
  }
  return indexes;
}

// True for a span that reads as an index name: lower-case words joined by '_' with "_by_" in it.
bool LooksLikeIndexName(const std::string& span) {
  if (span.find("_by_") == std::string::npos) return false;
  for (char c : span) {
    if (!(c == '_' || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

// Every index a CREATE INDEX made (not SQLite's own for keys and UNIQUE), by name.
std::map<std::string, Index> IndexesIn(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, R"sql(
SELECT m.name, m.tbl_name, '(' || group_concat(c.name, ', ') || ')'
FROM sqlite_schema AS m, pragma_index_xinfo(m.name) AS c
WHERE m.type = 'index' AND m.sql IS NOT NULL AND c.key = 1
GROUP BY m.name ORDER BY m.name)sql",
                               -1, &stmt, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  std::map<std::string, Index> indexes;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    auto text = [&](int i) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)));
    };
    indexes[text(0)] = Index{text(1), text(2)};
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return indexes;
}

TEST_F(StoreTest, TheSchemaPageListsExactlyTheIndexesOfAMigratedDatabase) {
  const std::map<std::string, Index> documented = DocumentedIndexes(SchemaDoc());
  db_.reset();
  const std::map<std::string, Index> actual = IndexesIn(DbPath());
  ASSERT_FALSE(actual.empty());
  for (const auto& [name, index] : documented) {
    auto it = actual.find(name);
    if (it == actual.end()) {
      ADD_FAILURE() << "the page lists " << name << " (" << index << "), which does not exist";
    } else {
      EXPECT_EQ(it->second, index) << name;
    }
  }
  for (const auto& [name, index] : actual) {
    EXPECT_TRUE(documented.count(name))
        << name << " (" << index << ") exists but docs/formats/sqlite-schema.md does not list it";
  }
}

// The prose names indexes too ("indexes `audit_by_subject` ..."): each name it mentions exists.
TEST_F(StoreTest, EveryIndexTheSchemaPageNamesExists) {
  const std::string doc = SchemaDoc();
  db_.reset();
  const std::map<std::string, Index> actual = IndexesIn(DbPath());
  int named = 0;
  for (const std::string& span : CodeSpans(doc)) {
    if (!LooksLikeIndexName(span)) continue;
    ++named;
    EXPECT_TRUE(actual.count(span)) << "the page names " << span << ", which does not exist";
  }
  EXPECT_GT(named, 0);
}

}  // namespace
}  // namespace homeward::store
