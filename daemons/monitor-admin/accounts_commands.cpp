#include "accounts_commands.h"

#include <CLI/CLI.hpp>
#include <openssl/rand.h>
#include <soci/soci.h>

#include <ostream>
#include <stdexcept>

#include "sql/api_admin.h"

namespace ntpmon::admin {
namespace {

constexpr std::size_t kIdTokenLength = 7;  // like the NTP Pool's "1gw2pjj"
constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

std::string random_id_token() {
  unsigned char bytes[kIdTokenLength];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("the random generator failed");
  std::string token;
  for (unsigned char b : bytes) token += kAlphabet[b & 31];
  return token;
}

}  // namespace

NewAccount add_account(soci::session& db, const std::string& name, std::optional<int> limit) {
  if (name.empty() || name.size() > 255) throw std::runtime_error("an account name has 1 to 255 characters");
  std::optional<std::string> flags;
  if (limit) flags = "{\"monitors_per_server_limit\":" + std::to_string(*limit) + "}";
  soci::transaction tx(db);
  std::string token;
  do {
    token = random_id_token();
  } while (sql::CountAccountsWithIdToken(db, token)->accounts != 0);
  auto id = static_cast<std::uint32_t>(sql::InsertAccount(db, token, name, flags));
  tx.commit();
  return NewAccount{id, token};
}

AccountsCommands::AccountsCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand("accounts", "accounts that own monitors and servers");
  cmd->require_subcommand(1);
  add_ = cmd->add_subcommand("add", "add an account");
  add_->add_option("name", name_, "account name")->required();
  add_->add_option("--monitors-per-server-limit", limit_, "at most this many of the account's monitors per server")
      ->check(CLI::Range(1, 1000));
}

std::optional<int> AccountsCommands::run(soci::session& db, std::ostream& out, std::ostream& err) const {
  if (!add_->parsed()) return std::nullopt;
  try {
    auto account = add_account(db, name_, limit_);
    out << "added account " << account.id << " (id_token " << account.id_token << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "monitor-admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ntpmon::admin
