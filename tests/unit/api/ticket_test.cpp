// Work tickets and their key ring (lib/api/ticket.h, ticket_key_file.h).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/ticket.h"
#include "api/ticket_key_file.h"

namespace ntpmon::api {
namespace {

using namespace std::chrono;

const sys_seconds kNow{seconds{1767323045}};
const std::string kBatch = "01ARYZ6S41TSV4RRFFQ69G5FAV";
const std::string kIp("\xc0\x00\x02\x01", 4);

TEST(ApiTicket, VerifiesOnlyItsOwnSubject) {
  auto ring = TicketKeyRing::generate(kNow);
  auto ticket = sign_ticket(ring.current(), {7, kBatch, kIp}, kNow + hours(1));
  EXPECT_EQ(ticket.size(), kTicketBytes);
  EXPECT_EQ(verify_ticket(ring, ticket, {7, kBatch, kIp}, kNow), TicketCheck::ok);
  EXPECT_EQ(verify_ticket(ring, ticket, {8, kBatch, kIp}, kNow), TicketCheck::bad_signature);
  EXPECT_EQ(verify_ticket(ring, ticket, {7, "01ARYZ6S41TSV4RRFFQ69G5FAW", kIp}, kNow), TicketCheck::bad_signature);
  EXPECT_EQ(verify_ticket(ring, ticket, {7, kBatch, std::string("\xc0\x00\x02\x02", 4)}, kNow), TicketCheck::bad_signature);
  EXPECT_EQ(verify_ticket(ring, ticket, {7, kBatch, kIp}, kNow + hours(2)), TicketCheck::expired);
  EXPECT_EQ(verify_ticket(ring, ticket.substr(1), {7, kBatch, kIp}, kNow), TicketCheck::malformed);
  EXPECT_EQ(verify_ticket(ring, "", {7, kBatch, kIp}, kNow), TicketCheck::malformed);
  auto forged = ticket;
  forged[5] ^= 1;  // a later expiry is not accepted either
  EXPECT_EQ(verify_ticket(ring, forged, {7, kBatch, kIp}, kNow), TicketCheck::bad_signature);
  EXPECT_EQ(verify_ticket(TicketKeyRing::generate(kNow), ticket, {7, kBatch, kIp}, kNow), TicketCheck::bad_signature);
}

TEST(ApiTicket, RotationKeepsOldKeysForTheGracePeriod) {
  auto first = TicketKeyRing::generate(kNow);
  auto old_ticket = sign_ticket(first.current(), {1, kBatch, kIp}, kNow + hours(3));
  auto second = first.rotated(kNow + hours(1), hours(2));
  EXPECT_NE(second.current().id, first.current().id);
  EXPECT_EQ(second.keys().size(), 2u);
  EXPECT_EQ(verify_ticket(second, old_ticket, {1, kBatch, kIp}, kNow + hours(1)), TicketCheck::ok);
  // The first key was superseded at +1h; at +3h01 that is more than the 2h grace ago.
  auto third = second.rotated(kNow + hours(3) + minutes(1), hours(2));
  EXPECT_EQ(third.keys().size(), 2u);
  EXPECT_EQ(third.find(first.current().id), nullptr);
  EXPECT_EQ(verify_ticket(third, old_ticket, {1, kBatch, kIp}, kNow + hours(1)), TicketCheck::unknown_key);
}

TEST(ApiTicket, KeyFileRoundTripAndPermissions) {
  auto dir = std::filesystem::temp_directory_path() / ("ticket-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "keys.json";
  auto ring = TicketKeyRing::generate(kNow).rotated(kNow + hours(1), hours(2));
  write_ticket_key_file(path, ring);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto read = read_ticket_key_file(path);
  ASSERT_EQ(read.keys().size(), 2u);
  EXPECT_EQ(read.current().id, ring.current().id);
  EXPECT_EQ(read.current().secret, ring.current().secret);
  ::chmod(path.c_str(), 0644);
  EXPECT_THROW(read_ticket_key_file(path), TicketKeyFileError);
  std::filesystem::remove_all(dir);
}

TEST(ApiTicket, KeyFileErrorsNameTheProblem) {
  struct Case {
    const char* text;
    const char* problem;
  };
  for (const auto& c : {Case{"not json", "not valid JSON"}, Case{"{}", "expected"},
                        Case{R"({"keys":[]})", "at least one key"},
                        Case{R"({"keys":[{"id":0,"secret":"","created":"2026-01-01T00:00:00Z"}]})", "1..255"},
                        Case{R"({"keys":[{"id":1,"secret":"AAAA","created":"2026-01-01T00:00:00Z"}]})", "must have 32"},
                        Case{R"({"keys":[{"id":1,"secret":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","created":"soon"}]})",
                             "created"}}) {
    try {
      parse_ticket_key_file(c.text, "keys.json");
      FAIL() << c.text;
    } catch (const TicketKeyFileError& e) {
      EXPECT_NE(std::string(e.what()).find(c.problem), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("keys.json"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace ntpmon::api
