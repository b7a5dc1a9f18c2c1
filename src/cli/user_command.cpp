// lifeline user add USERNAME --role ROLE [--org CODE] --password-stdin
//              user passwd USERNAME --password-stdin | user disable USERNAME
#include <iostream>

#include "app/accounts/repo.h"
#include "app/org/repo.h"
#include "app/platform.h"
#include "cli/commands.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

namespace {

std::unique_ptr<OpenPlatform> open_session(const CommonOptions& common) {
  auto config = resolve_config(common);
  if (!config) fail(config.error());
  config->db_pool_size = 2;
  config->log_level = "warn";
  return open_platform(*config);
}

const app::Actor kCli = app::Actor::system("cli");

std::string read_password(bool from_stdin) {
  if (!from_stdin) fail(Error::invalid("--password-stdin", "pass the password on standard input"));
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int64_t user_id(OpenPlatform& s, const std::string& username) {
  auto user = s.db->transact(store::TxMode::read,
                             [&](store::Tx& tx) { return app::accounts::repo::find_user_by_name(tx, username); });
  if (!user) fail(user.error());
  if (!*user) fail(Error::not_found("no user named " + username));
  return (*user)->id;
}

}  // namespace

void add_user_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::string username, role, org, display_name;
    bool password_stdin = false;
  };
  auto o = std::make_shared<Options>();
  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "Create a user");
  add_common_options(*add, o->common);
  add->add_option("USERNAME", o->username)->required();
  add->add_option("--role", o->role, "association_admin, utility_admin, commander, dispatcher, repair_crew,"
                                     " health_officer, lab_analyst, storekeeper, staff, viewer")
      ->required();
  add->add_option("--org", o->org, "Code of the user's org unit (default: the root association)");
  add->add_option("--name", o->display_name, "Display name (default: the username)");
  add->add_flag("--password-stdin", o->password_stdin, "Read the password from standard input");
  add->callback([o] {
    auto s = open_session(o->common);
    int64_t org_id = 1;
    if (!o->org.empty()) {
      auto org = s->db->transact(store::TxMode::read,
                                 [&](store::Tx& tx) { return app::org::repo::find_by_code(tx, o->org); });
      if (!org) fail(org.error());
      if (!*org) fail(Error::invalid("--org", "no org unit with code " + o->org));
      org_id = (*org)->id;
    }
    app::accounts::NewUser u;
    u.username = o->username;
    u.display_name = o->display_name.empty() ? o->username : o->display_name;
    u.role = o->role;
    u.org_id = org_id;
    u.password = read_password(o->password_stdin);
    auto created = s->platform->accounts().create_user(kCli, u);
    if (!created) fail(created.error());
    std::cout << "created user " << created->username << " (" << created->role << ", " << created->org_name
              << ")\n";
  });

  auto* passwd = user->add_subcommand("passwd", "Set a user's password");
  add_common_options(*passwd, o->common);
  passwd->add_option("USERNAME", o->username)->required();
  passwd->add_flag("--password-stdin", o->password_stdin, "Read the password from standard input");
  passwd->callback([o] {
    auto s = open_session(o->common);
    int64_t id = user_id(*s, o->username);
    if (auto st = s->platform->accounts().reset_password(kCli, id, read_password(o->password_stdin)); !st)
      fail(st.error());
    std::cout << "password changed for " << o->username << "; their sessions were ended\n";
  });

  auto* disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  add_common_options(*disable, o->common);
  disable->add_option("USERNAME", o->username)->required();
  disable->callback([o] {
    auto s = open_session(o->common);
    app::accounts::UserPatch patch;
    patch.disabled = true;
    auto r = s->platform->accounts().update_user(kCli, user_id(*s, o->username), patch);
    if (!r) fail(r.error());
    std::cout << "disabled " << o->username << "\n";
  });
}

}  // namespace lifeline::cli
