#include "cli/command_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace lifeline::cli {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    return;
  }
  std::error_code kind_error;
  const auto kind = std::filesystem::status(path, kind_error).type();
  if (kind != std::filesystem::file_type::not_found && kind != std::filesystem::file_type::regular) {
    // /dev/null, a pipe, a terminal: written as it is (a rename would
    // replace the device with a file).
    std::ofstream out(path, std::ios::binary);
    if (!out) fail(Error::invalid(path, "cannot write this file"));
    write(out);
    out.flush();
    if (!out) fail(Error::invalid(path, "cannot write this file"));
    return;
  }
  const std::string tmp = path + ".tmp";
  auto give_up = [&tmp](const Error& error) {  // the temporary file must not outlive the run
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    fail(error);
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(Error::invalid(path, "cannot write this file"));
    write(out);
    out.flush();
    if (!out) give_up(Error::invalid(path, "cannot write this file"));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) give_up(Error::invalid(path, "cannot write this file: " + ec.message()));
}

void write_output(const std::string& path, const std::string& text) {
  write_output(path, [&text](std::ostream& out) {
    out << text;
    if (!text.empty() && text.back() != '\n') out << '\n';
  });
}

}  // namespace lifeline::cli
