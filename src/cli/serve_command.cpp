// lifeline serve: the HTTP server for the API and the web UI.
#include "cli/commands.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

void add_serve_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::string host;
    int port = -1;
    std::string web_root;
    std::string log_level;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("serve", "Run the HTTP server (API and web UI)");
  add_common_options(*cmd, options->common);
  cmd->add_option("--host", options->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", options->port, "Port to listen on (default 8080)");
  cmd->add_option("--web-root", options->web_root, "Folder of the built web UI (default web/dist)");
  cmd->add_option("--log-level", options->log_level, "trace, debug, info, warn, error, off");
  cmd->callback([options] {
    auto config = resolve_config(options->common);
    if (!config) fail(config.error());
    if (!options->host.empty()) config->host = options->host;
    if (options->port >= 0) config->port = options->port;
    if (!options->web_root.empty()) config->web_root = options->web_root;
    if (!options->log_level.empty()) config->log_level = options->log_level;
    if (auto st = config->validate(); !st) fail(st.error());
    auto opened = open_platform(*config);
    if (int code = serve(*opened); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace lifeline::cli
