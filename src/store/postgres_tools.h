// Runs PostgreSQL's client programs against a connection URL without putting
// the password on the command line (where `ps` would show it).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace lifeline::store {

// Runs `tool` (pg_dump, pg_restore) with `args` followed by the connection.
// The tool comes from $LIFELINE_PG_BINDIR, else the newest
// /usr/lib/postgresql/<version>/bin, else PATH.
Status run_pg_tool(const std::string& tool, std::vector<std::string> args, const std::string& url);

// `url` with its password replaced by "***", for messages and logs.
std::string redact_url(const std::string& url);

}  // namespace lifeline::store
