// Test support, header-only (the library never reads references): the
// EPANET 2.3.5 reference results of ../shared/networks (schema
// epanet-hyd-reference/1, README.md §3 there), read from .json or .json.gz.
// The folder is not part of the repository; shared_networks_dir() says where
// it is when the tests run (ctest sets LIFELINE_SOURCE_DIR), or nothing.
#pragma once

#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace lifeline::hydraulics::testing {

inline std::optional<std::filesystem::path> shared_networks_dir() {
  const char* source = std::getenv("LIFELINE_SOURCE_DIR");
  if (source == nullptr || *source == '\0') return std::nullopt;
  std::filesystem::path dir = std::filesystem::path(source) / ".." / "shared" / "networks";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir / "reference", ec)) return std::nullopt;
  return std::filesystem::weakly_canonical(dir, ec);
}

// gzread reads plain files as they are, so one reader serves .json and .json.gz.
inline Result<std::string> read_gzip_or_plain(const std::filesystem::path& path) {
  gzFile file = gzopen(path.string().c_str(), "rb");
  if (file == nullptr) return Error::not_found("cannot open " + path.string());
  std::string text;
  std::vector<char> chunk(1 << 20);
  for (;;) {
    const int n = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      gzclose(file);
      return Error::invalid(path.string(), "not a readable gzip or text file");
    }
    if (n == 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(n));
  }
  gzclose(file);
  return text;
}

struct ReferenceRun {
  std::string network;
  std::string flow_units, pressure_units, headloss, demand_model;
  long long duration_s = 0, duration_in_file_s = 0, hyd_step_s = 0;
  std::vector<std::string> node_id, node_type, link_id, link_type, link_from, link_to;
  std::vector<double> elevation;
  int n_steps = 0;
  bool completed = true;
  long long last_t = 0;
  std::vector<long long> t;
  std::vector<int> warning, iterations;
  std::vector<double> relative_error, max_head_error, max_flow_change;
  std::vector<std::vector<double>> head, pressure, demand;  // [step][node]
  std::vector<std::vector<double>> flow, setting;           // [step][link]
  std::vector<std::vector<int>> status, state;              // [step][link]
};

namespace detail {

inline double number(const nlohmann::json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();  // null: not finite
}

template <typename T>
std::vector<T> list(const nlohmann::json& a) {
  std::vector<T> out;
  out.reserve(a.size());
  for (const auto& v : a) {
    if constexpr (std::is_same_v<T, double>) out.push_back(number(v));
    else out.push_back(v.get<T>());
  }
  return out;
}

template <typename T>
std::vector<std::vector<T>> table(const nlohmann::json& rows) {
  std::vector<std::vector<T>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(list<T>(r));
  return out;
}

}  // namespace detail

// Parses a document of schema epanet-hyd-reference/1 (EPANET's or ours).
inline Result<ReferenceRun> parse_reference(const std::string& text, const std::string& where) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    if (doc.value("schema", "") != "epanet-hyd-reference/1") return Error::invalid(where, "not epanet-hyd-reference/1");
    ReferenceRun r;
    r.network = doc.at("network").get<std::string>();
    r.flow_units = doc.at("units").at("flow").get<std::string>();
    r.pressure_units = doc.at("units").at("pressure").get<std::string>();
    const auto& o = doc.at("options");
    r.headloss = o.at("headloss").get<std::string>();
    r.demand_model = o.at("demand_model").get<std::string>();
    r.duration_s = o.at("duration_s").get<long long>();
    r.duration_in_file_s = o.at("duration_in_file_s").get<long long>();
    r.hyd_step_s = o.at("hyd_step_s").get<long long>();
    using detail::list;
    using detail::table;
    r.node_id = list<std::string>(doc.at("nodes").at("id"));
    r.node_type = list<std::string>(doc.at("nodes").at("type"));
    r.elevation = list<double>(doc.at("nodes").at("elevation"));
    r.link_id = list<std::string>(doc.at("links").at("id"));
    r.link_type = list<std::string>(doc.at("links").at("type"));
    r.link_from = list<std::string>(doc.at("links").at("from"));
    r.link_to = list<std::string>(doc.at("links").at("to"));
    r.n_steps = doc.at("n_steps").get<int>();
    r.completed = doc.at("completed").get<bool>();
    r.last_t = doc.at("last_t").get<long long>();
    const auto& s = doc.at("steps");
    r.t = list<long long>(s.at("t"));
    r.warning = list<int>(s.at("warning"));
    r.iterations = list<int>(s.at("iterations"));
    r.relative_error = list<double>(s.at("relative_error"));
    r.max_head_error = list<double>(s.at("max_head_error"));
    r.max_flow_change = list<double>(s.at("max_flow_change"));
    r.head = table<double>(doc.at("node").at("head"));
    r.pressure = table<double>(doc.at("node").at("pressure"));
    r.demand = table<double>(doc.at("node").at("demand"));
    r.flow = table<double>(doc.at("link").at("flow"));
    r.status = table<int>(doc.at("link").at("status"));
    r.state = table<int>(doc.at("link").at("state"));
    r.setting = table<double>(doc.at("link").at("setting"));
    if (static_cast<int>(r.t.size()) != r.n_steps || static_cast<int>(r.head.size()) != r.n_steps ||
        static_cast<int>(r.flow.size()) != r.n_steps) {
      return Error::invalid(where, "n_steps does not match the step arrays");
    }
    return r;
  } catch (const nlohmann::json::exception& e) {
    return Error::invalid(where, e.what());
  }
}

inline Result<ReferenceRun> read_reference(const std::filesystem::path& path) {
  auto text = read_gzip_or_plain(path);
  if (!text) return text.error();
  return parse_reference(*text, path.string());
}

}  // namespace lifeline::hydraulics::testing
