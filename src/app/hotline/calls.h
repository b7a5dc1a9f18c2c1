// Call logging and tracking (来电登记与跟踪): a call is logged in seconds,
// numbered RX-YYYYMMDD-NNNN per utility and local day, and runs
//
//   open → handled | transferred;  handled → closed;  transferred → closed
//
// Its first handling (or its link to an incident) is its response. A call
// linked to an incident closes when the incident's work order closes: the
// module listens to repair's work_order.changed events (close_for_incident).
// Everything needs hotline.take over the call's unit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/hotline/call.h"
#include "app/runtime.h"

namespace lifeline::app::hotline {

struct NewCall {
  std::optional<int64_t> org_id;      // default: the actor's unit
  std::optional<Instant> received_at; // default: now
  std::string caller_phone, category, address, summary;
  std::optional<double> x, y;
};

struct CallFilter {
  std::optional<int64_t> org;
  std::optional<std::string> state;
  std::optional<std::string> from, to;  // local days, inclusive
  std::optional<std::string> q;         // code, address or summary; a full number finds its calls
};

struct CallList {
  std::vector<Call> items;
  int64_t total = 0;  // matching calls (items stop at 500)
  int64_t open = 0, handled = 0, transferred = 0, closed = 0;
};

struct Transition {
  std::string to;  // handled, transferred, closed
  std::optional<std::string> note, transferred_to, resolution;
};

class Calls {
 public:
  explicit Calls(Runtime& rt) : rt_(rt) {}

  Result<Call> log(const Actor& actor, const NewCall& in);
  Result<CallList> list(const Actor& actor, const CallFilter& f);
  Result<Call> get(const Actor& actor, int64_t id);
  Result<Call> transition(const Actor& actor, int64_t id, const Transition& t);
  // The full number for the call-back; the reading itself is audited.
  Result<std::string> caller(const Actor& actor, int64_t id);
  // Closes the open calls of an incident whose work order is closed (checked
  // in the database, not taken from the event). Returns the calls closed.
  Result<std::vector<Call>> close_for_incident(int64_t incident_id);

  Instant now() const { return rt_.clock.now(); }
  // Publishes hotline.call for a changed call (after its commit).
  void publish(const Call& c) const;

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::hotline
