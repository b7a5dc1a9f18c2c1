// libFuzzer target for the EPANET .inp reader: any bytes must give a
// Network or an Error, never a crash, hang or sanitizer report; a model that
// was read must also survive being written and read again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/inp_reader.h"
#include "net/inp_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto net = lifeline::net::parse_inp(text, "fuzz.inp");
  if (net) {
    auto again = lifeline::net::parse_inp(lifeline::net::write_inp(*net), "again.inp");
    (void)again;
  }
  return 0;
}
