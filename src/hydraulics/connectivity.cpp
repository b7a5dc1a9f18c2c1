// Which junctions can still be reached from a tank or reservoir: through
// links that pass flow (not closed; a pump only when running). The node
// an active PRV holds downstream (or a PSV upstream) counts as a source, as
// the valve fixes its head the way a reservoir does.
#include <vector>

#include "hydraulics/gga.h"

namespace lifeline::hydraulics::gga {

namespace {

bool passable(const Model& m, const State& s, int k) {
  if (s.status[k] <= Status::closed) return false;
  const Link& l = m.links[k];
  if (l.kind == LinkKind::pump) return s.setting[k] > 0.0;
  if (l.kind == LinkKind::psv) return s.status[k] != Status::active;
  return true;
}

}  // namespace

// Closed for the whole step: by the file, a control, a rule or a scenario —
// not the solver's own trial states (a pump that cannot deliver its head, a
// check valve or a PRV shut by reverse flow, a link into a full tank), which
// EPANET keeps in the equations and may reopen within the step.
bool open_this_step(const Model& m, const State& s, int k) {
  if (s.locked[k]) return false;
  const Link& l = m.links[k];
  if (l.kind == LinkKind::pump) return s.setting[k] > 0.0 && s.status[k] != Status::closed;
  if (l.kind == LinkKind::cvpipe) return true;
  if (l.kind == LinkKind::prv || l.kind == LinkKind::psv || l.kind == LinkKind::fcv)
    return !(s.setting[k] == kMissing && s.status[k] == Status::closed);
  return s.status[k] != Status::closed;
}

void connectivity_key(const Model& m, const State& s, std::vector<std::uint8_t>& key) {
  key.resize(m.n_links() + m.n_junctions);
  for (int k = 0; k < m.n_links(); ++k) key[k] = passable(m, s, k) | (s.status[k] == Status::active) << 1;
  for (int i = 0; i < m.n_junctions; ++i) key[m.n_links() + i] = s.full_demand[i] < 0.0;
}

int mark_connected(const Workspace& w, State& s, bool inflow_sources, bool whole_step) {
  const Model& m = w.m;
  const int n = m.n_nodes();
  s.connected.assign(n, 0);
  std::vector<int>& queue = w.queue;
  queue.clear();
  for (int i = m.n_junctions; i < n; ++i) s.connected[i] = 1, queue.push_back(i);
  if (inflow_sources)
    for (int i = 0; i < m.n_junctions; ++i)
      if (s.full_demand[i] < 0.0) s.connected[i] = 1, queue.push_back(i);
  for (int k : m.valves) {
    if (whole_step || s.status[k] != Status::active) continue;
    const Link& l = m.links[k];
    int j = -1;
    if (l.kind == LinkKind::prv) j = l.n2;
    else if (l.kind == LinkKind::psv) j = l.n1;
    if (j >= 0 && !s.connected[j]) s.connected[j] = 1, queue.push_back(j);
  }
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const int i = queue[q];
    for (int a = w.adj_start[i]; a < w.adj_start[i + 1]; ++a) {
      const int j = w.adj_node[a];
      const int k = w.adj_link[a];
      if (s.connected[j] || !(whole_step ? open_this_step(m, s, k) : passable(m, s, k))) continue;
      s.connected[j] = 1;
      queue.push_back(j);
    }
  }
  int cut = 0;
  for (int i = 0; i < m.n_junctions; ++i) cut += !s.connected[i];
  return cut;
}

}  // namespace lifeline::hydraulics::gga
