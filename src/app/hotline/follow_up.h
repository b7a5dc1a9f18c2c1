// Follow-up (回访): after a call is closed the hotline calls the customer back
// and records their satisfaction (1 very dissatisfied … 5 very satisfied),
// once per call.
#pragma once

#include <optional>
#include <string>

#include "app/hotline/calls.h"

namespace lifeline::app::hotline {

struct FollowUp {
  int64_t satisfaction = 0;  // 1..5
  std::string note;
};

class FollowUps {
 public:
  FollowUps(Runtime& rt, Calls& calls) : rt_(rt), calls_(calls) {}

  Result<Call> record(const Actor& actor, int64_t call_id, const FollowUp& f);

 private:
  Runtime& rt_;
  Calls& calls_;
};

}  // namespace lifeline::app::hotline
