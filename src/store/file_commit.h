// Puts a finished temporary file in place so that readers of `destination`
// see either the old file or the complete new one, even across a power loss.
#pragma once

#include <string>

#include "core/result.h"

namespace lifeline::store {

// fsyncs `tmp`, renames it over `destination`, then fsyncs the folder so the rename is durable.
Status commit_file(const std::string& tmp, const std::string& destination);

// Creates the folder that will hold `path` (nothing when it has none).
Status make_parent_folder(const std::string& path);

}  // namespace lifeline::store
