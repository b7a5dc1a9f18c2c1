#include "http/router.h"

namespace lifeline::http {
namespace {

// "/a/b/" -> {"a", "b", ""}: empty segments are kept, so "/orgs/" is not "/orgs".
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    path.remove_prefix(slash + 1);
  }
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches one pattern against a path. `exact` gets one flag per segment
// (true: literal), which ranks competing matches.
bool matches(std::string_view pattern, const std::vector<std::string_view>& path,
             std::map<std::string, std::string>& params, std::vector<bool>& exact) {
  auto parts = segments(pattern);
  if (parts.size() != path.size()) return false;
  params.clear();
  exact.clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (is_param(parts[i])) {
      if (path[i].empty()) return false;
      params.emplace(std::string(parts[i].substr(1, parts[i].size() - 2)), std::string(path[i]));
      exact.push_back(false);
    } else {
      if (parts[i] != path[i]) return false;
      exact.push_back(true);
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), {}});
}

void Router::add(std::string method, std::string pattern, Handler handler, size_t max_body_bytes) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), {}, max_body_bytes});
}

void Router::add(std::string method, std::string pattern, GuardedHandler handler, size_t max_body_bytes) {
  add(std::move(method), std::move(pattern), std::move(handler), RouteOptions{max_body_bytes});
}

void Router::add(std::string method, std::string pattern, GuardedHandler handler, RouteOptions options) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler.handler), {},
                          options.max_body_bytes, std::move(handler.admit), options.pool});
}

void Router::add_stream(std::string pattern, StreamHandler handler) {
  routes_.push_back(Route{"GET", std::move(pattern), {}, std::move(handler)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match best;
  std::vector<bool> best_rank;
  auto parts = segments(path);
  std::map<std::string, std::string> params;
  std::vector<bool> rank;
  for (const Route& route : routes_) {
    if (!matches(route.pattern, parts, params, rank)) continue;
    if (route.method != method) {
      best.path_known = true;
      continue;
    }
    // A literal segment beats a parameter at the first place they differ:
    // "/orgs/tree" wins over "/orgs/{id}" for the path "/orgs/tree".
    if (best.route == nullptr || rank > best_rank) {
      best.route = &route;
      best.params = params;
      best_rank = rank;
    }
  }
  if (best.route != nullptr) best.path_known = true;
  return best;
}

std::string sse_frame(std::string_view event, std::string_view data, std::string_view id) {
  // A line break inside event or id would start a forged field: drop them.
  auto single_line = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c != '\n' && c != '\r') out.push_back(c);
    }
    return out;
  };
  std::string frame;
  if (!event.empty()) frame += "event: " + single_line(event) + "\n";
  if (!id.empty()) frame += "id: " + single_line(id) + "\n";
  // Each line of the payload becomes its own data: line (CRLF, CR or LF).
  size_t start = 0;
  while (true) {
    size_t end = data.find_first_of("\r\n", start);
    frame += "data: ";
    frame += data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    frame += "\n";
    if (end == std::string_view::npos) break;
    start = end + (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n' ? 2 : 1);
  }
  frame += "\n";
  return frame;
}

}  // namespace lifeline::http
