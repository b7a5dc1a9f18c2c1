// Test-only helpers: where the shared reference networks live.
// Tests GTEST_SKIP when the folder is absent.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace lifeline::net::testing {

// $LIFELINE_SHARED_DIR, else <source dir>/../shared.
inline std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("LIFELINE_SHARED_DIR")) return dir;
  const char* src = std::getenv("LIFELINE_SOURCE_DIR");
  return std::filesystem::path(src ? src : ".") / ".." / "shared";
}

inline std::filesystem::path networks_dir() { return shared_dir() / "networks"; }

inline std::filesystem::path source_dir() {
  const char* src = std::getenv("LIFELINE_SOURCE_DIR");
  return src ? src : ".";
}

inline const char* const kSharedNetworks[] = {"Net1",    "Net2",  "Net3",  "CTown", "Balerma",       "Richmond_standard",
                                              "L-Town", "ky10", "EXNET", "Net6",  "BWSN_Network_2"};

}  // namespace lifeline::net::testing
