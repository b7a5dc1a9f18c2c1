// Priority customers (重点用户): hospitals, fever clinics, CDC, telecom,
// emergency command, tied to the network node that supplies them.
// CSV form: header node,name,category; names are UTF-8 (usually Chinese).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/network.h"

namespace lifeline::net {

struct PriorityCustomer {
  Index node = kNone;
  std::string name;      // e.g. 市中心医院
  std::string category;  // hospital, fever_clinic, cdc, telecom, emergency_command, ...
};

Result<std::vector<PriorityCustomer>> parse_priority_customers(std::string_view text, std::string_view file_name,
                                                               const Network& net);
Result<std::vector<PriorityCustomer>> read_priority_customers(const std::string& path, const Network& net);
std::string write_priority_customers(const std::vector<PriorityCustomer>& customers, const Network& net);

}  // namespace lifeline::net
