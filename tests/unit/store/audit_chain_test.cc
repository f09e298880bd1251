// The audit log as a hash chain: what verification finds after each kind of tampering, done to
// the file outside the store as someone with access to it would.
#include <string>
#include <vector>

#include "homeward/crypto/digest.h"
#include "store_fixture.h"

namespace homeward::store {
namespace {

using homeward::testing::IsOk;
using homeward::testing::StatusIs;

// FIPS 180-2 test vectors: the digest behind API key hashes, request fingerprints and plugin
// manifests.
TEST(Sha256HexTest, MatchesTheStandardVectors) {
  EXPECT_EQ(crypto::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(crypto::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

class AuditChainTest : public StoreTest {
 protected:
  // Appends `count` rows, `per_tx` to a transaction.
  void AppendRows(int count, const std::string& actor = "key_a", int per_tx = 100) {
    for (int done = 0; done < count; done += per_tx) {
      ASSERT_THAT(db_->Write([&](WriteTx& tx) -> Status {
        for (int i = done; i < std::min(count, done + per_tx); ++i) {
          HW_RETURN_IF_ERROR(tx.audit()
                                 .Append({"", "", actor, "individual.read",
                                          "ind_" + std::to_string(i), "allowed", ""})
                                 .status());
        }
        return Status::Ok();
      }),
                  IsOk());
    }
  }

  AuditChainCheck Verify(const std::vector<AuditLink>& external = {}) {
    StatusOr<AuditChainCheck> check =
        db_->Read([&](ReadTx& tx) { return tx.audit().VerifyChain(external); });
    EXPECT_THAT(check.status(), IsOk());
    return check.ok() ? *check : AuditChainCheck{};
  }

  std::string Raw(const std::string& sql) { return QueryRaw(DbPath(), sql); }
};

TEST_F(AuditChainTest, HoldsOverAppendsWithAnAnchorEveryInterval) {
  EXPECT_FALSE(Verify().tip);  // an empty log holds
  AppendRows(2 * kAuditAnchorInterval + 5);
  AuditChainCheck check = Verify();
  EXPECT_FALSE(check.first_break);
  EXPECT_EQ(check.rows, 2 * kAuditAnchorInterval + 5);
  EXPECT_EQ(check.anchors, 2);
  ASSERT_TRUE(check.tip);
  EXPECT_EQ(check.tip->seq, 2 * kAuditAnchorInterval + 5);
  EXPECT_EQ(Raw("SELECT count(*) FROM audit_anchors"), "2");
  // The offline walk of a tool finds the same.
  ASSERT_OK_AND_ASSIGN(AuditChainCheck offline, VerifyAuditChain(DbPath(), {}));
  EXPECT_EQ(offline.tip->hash, check.tip->hash);
}

TEST_F(AuditChainTest, AChangedRowBreaksTheChainThere) {
  AppendRows(10);
  Raw("UPDATE audit SET actor = 'key_x' WHERE seq = 4");
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, 4);
  EXPECT_EQ(check.first_break->id, Raw("SELECT id FROM audit WHERE seq = 4"));
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("changed"));
  EXPECT_EQ(check.rows, 3);
}

TEST_F(AuditChainTest, ARowChangedWithItsHashRecomputedBreaksTheNextLink) {
  AppendRows(10);
  Raw("UPDATE audit SET actor = 'key_x' WHERE seq = 4");
  const std::string hash =
      crypto::FieldsDigest({"audit/1", "4", Raw("SELECT id FROM audit WHERE seq = 4"),
                            Raw("SELECT at FROM audit WHERE seq = 4"), "key_x", "individual.read",
                            Raw("SELECT subject FROM audit WHERE seq = 4"), "allowed",
                            Raw("SELECT prev_hash FROM audit WHERE seq = 4")});
  Raw("UPDATE audit SET hash = '" + hash + "' WHERE seq = 4");
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, 5);
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("row before"));
}

// A row's detail (a break-glass read's reason) is in its hash: changing it breaks the chain there.
TEST_F(AuditChainTest, AChangedDetailBreaksTheChainThere) {
  AppendRows(3);
  ASSERT_THAT(db_->Write([&](WriteTx& tx) {
    return tx.audit()
        .Append(
            {"", "", "key_a", "individual.break_glass", "ind_9", "allowed", "Medical emergency"})
        .status();
  }),
              IsOk());
  AppendRows(2);
  ASSERT_FALSE(Verify().first_break);
  Raw("UPDATE audit SET detail = 'Curiosity' WHERE seq = 4");
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, 4);
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("changed"));
}

TEST_F(AuditChainTest, ARemovedRowIsFound) {
  AppendRows(10);
  Raw("DELETE FROM audit WHERE seq = 5");
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, 5);
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("missing"));
}

TEST_F(AuditChainTest, ARowSlippedInOutsideTheChainIsFoundAndNotLinkedAtTheNextStart) {
  AppendRows(3);
  Raw("INSERT INTO audit (id, at, actor, action, subject, outcome) VALUES "
      "('aud_forged', '2026-01-01T00:00:00Z', 'key_a', 'individual.read', 'ind_1', 'allowed')");
  Reopen();
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->id, "aud_forged");
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("not in the chain"));
}

TEST_F(AuditChainTest, RowsCutFromTheEndPastAnAnchorAreFound) {
  AppendRows(kAuditAnchorInterval + 5);
  Raw("DELETE FROM audit WHERE seq >= " + std::to_string(kAuditAnchorInterval));
  AuditChainCheck check = Verify();
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, kAuditAnchorInterval);
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("past the end"));
}

TEST_F(AuditChainTest, AnAnchorKeptOutsideFindsALogRewrittenFromTheStart) {
  AppendRows(10);
  const AuditLink kept = *Verify().tip;
  // Everything rewritten through the store: the new chain holds on its own.
  Raw("DELETE FROM audit");
  AppendRows(10, "key_rewritten");
  EXPECT_FALSE(Verify().first_break);
  AuditChainCheck check = Verify({kept});
  ASSERT_TRUE(check.first_break);
  EXPECT_EQ(check.first_break->seq, kept.seq);
  EXPECT_THAT(check.first_break->reason, ::testing::HasSubstr("anchor"));
  // The kept anchor of an intact log checks out.
  EXPECT_EQ(Verify({*Verify().tip}).anchors, 1);
}

TEST(AuditLinksTest, ParseWhatToStringWrites) {
  const AuditLink link{1200, std::string(64, 'a')};
  ASSERT_OK_AND_ASSIGN(std::vector<AuditLink> links,
                       ParseAuditLinks(ToString(link) + "," + ToString({7, std::string(64, 'b')})));
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].seq, 1200);
  EXPECT_EQ(links[1].hash, std::string(64, 'b'));
  EXPECT_THAT(ParseAuditLinks(""), IsOk());
  for (const char* bad : {"12", "x:abc", "0:" /* seq from 1 */, "5:ABC", "-1:aa", "12:zz"}) {
    EXPECT_THAT(ParseAuditLinks(bad).status(), StatusIs(StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_THAT(ParseAuditLinks("5:" + std::string(64, 'A')).status(),
              StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace homeward::store
