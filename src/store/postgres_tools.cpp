#include "store/postgres_tools.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>

#include "store/process.h"

namespace lifeline::store {
namespace {

// pg_dump must be at least as new as the server, so prefer the newest installed.
std::string tool_path(const std::string& tool) {
  if (const char* dir = std::getenv("LIFELINE_PG_BINDIR"); dir && *dir) return std::string(dir) + "/" + tool;
  std::error_code ec;
  int best = -1;
  std::string path = tool;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    int version = std::atoi(entry.path().filename().c_str());
    auto candidate = entry.path() / "bin" / tool;
    if (version > best && std::filesystem::exists(candidate, ec)) {
      best = version;
      path = candidate.string();
    }
  }
  return path;
}

std::string quote_conninfo(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

}  // namespace

std::string redact_url(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return url;
  start += 3;
  size_t at = url.find('@', start);
  size_t slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Status run_pg_tool(const std::string& tool, std::vector<std::string> args, const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (!options) {
    std::string why = parse_error ? parse_error : "out of memory";
    PQfreemem(parse_error);
    return Error::invalid("url", "bad PostgreSQL URL " + redact_url(url) + ": " + why);
  }
  // Everything but the password goes into a conninfo string; the password
  // travels in the child's environment.
  std::string conninfo, password;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    if (std::string_view(o->keyword) == "password") password = o->val;
    else conninfo += std::string(o->keyword) + "=" + quote_conninfo(o->val) + " ";
  }
  PQconninfoFree(options);

  args.insert(args.begin(), tool_path(tool));
  args.push_back("--dbname=" + conninfo);
  std::vector<std::string> env;
  if (!password.empty()) env.push_back("PGPASSWORD=" + password);
  LL_TRY(ProcessOutput out, run_process(args, env));
  if (out.exit_code != 0) {
    while (!out.output.empty() && (out.output.back() == '\n' || out.output.back() == ' ')) out.output.pop_back();
    return Error::internal(tool + " failed (exit " + std::to_string(out.exit_code) + "): " + out.output);
  }
  return {};
}

}  // namespace lifeline::store
