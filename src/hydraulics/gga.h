// Internal to the solver: the workspace of one gradient-method solve and the
// pieces EPANET splits across hydcoeffs.c (coefficients.cpp) and
// hydstatus.c (status.cpp). Not part of the engine's interface.
#pragma once

#include <cstdint>
#include <vector>

#include "hydraulics/model.h"
#include "hydraulics/state.h"

namespace lifeline::hydraulics::gga {

inline constexpr double kCBig = 1.0e8;    // EPANET's CBIG: conductance of a closed link is 1/CBIG
inline constexpr double kCSmall = 1.0e-6; // EPANET's CSMALL
inline constexpr double kTiny = 1.0e-6;
inline constexpr double kQZero = 1.0e-6;  // EPANET's QZERO: "no flow", cfs
inline constexpr double kMinPDiff = 0.1;  // EPANET's MINPDIFF, ft

struct Workspace {
  const Model& m;
  State* s = nullptr;
  std::vector<double> p, y;          // per link: 1 / head-loss gradient, head loss / gradient
  std::vector<double> aii, f;        // per junction: matrix diagonal, right-hand side
  std::vector<double> aij;           // per off-diagonal slot
  std::vector<int> slot;             // per link: off-diagonal slot, -1 when an end is a fixed-grade node
  std::vector<double> xflow;         // per node: flow excess
  std::vector<double> pump_h0, pump_r, pump_n;  // custom pump curves: the segment in use (EPANET mutates Pump)
  std::vector<int> adj_start, adj_link, adj_node;  // node -> incident links and the nodes across them (CSR)
  mutable std::vector<int> queue;    // scratch for the connectivity search
  std::vector<int> island;           // PDA: scratch for islands
  // What each link's P and Y were last computed from. They are a function of
  // the link's flow, status and setting alone, and a step starts from the
  // flows the previous step's convergence test evaluated them at: most links
  // need no new pow/exp there (headloss_coefficients).
  std::vector<double> from_flow, from_setting;
  std::vector<Status> from_status;
  // Scratch of the open pipes' batch (coefficients.cpp).
  struct Batch {
    std::vector<double> q, sign, flow, r, km, e, sv, hgrad, hloss, ln;
    void resize(int n) {
      for (auto* v : {&q, &sign, &flow, &r, &km, &e, &sv, &hgrad, &hloss, &ln}) v->resize(n);
    }
  } batch;
  std::vector<int> batch_links;
  double relax = 1.0;                // EPANET's RelaxFactor
  bool any_disconnected = false;     // PDA: some junction is out of service

  explicit Workspace(const Model& model) : m(model) {}
};

// coefficients.cpp: P and Y of every link (headlosscoeffs) and the matrix
// (matrixcoeffs), emitter and pressure-dependent demand terms.
void headloss_coefficients(Workspace& w);
void matrix_coefficients(Workspace& w);
void emitter_headloss(const Workspace& w, int i, double& hloss, double& hgrad);
void demand_headloss(const Workspace& w, int i, double dp, double n, double& hloss, double& hgrad);
double pcv_loss_coefficient(const Model& m, int k, double setting);
// flow_powers.cpp, vectorised: out[i] = q[i]^e; out[i] = ln x[i].
void flow_powers(const double* q, double e, double* out, int n);
void natural_logs(const double* x, double* out, int n);

// status.cpp: EPANET's valvestatus, linkstatus and pswitch; each returns
// true when some link changed status (or setting, for pswitch).
bool valve_status(Workspace& w);
bool link_status(Workspace& w);
bool pressure_switch(Workspace& w);
bool bad_valve(Workspace& w, int junction);

// connectivity.cpp: junctions with a path to a tank or reservoir. Returns
// the number of junctions cut off; marks State::connected.
//   inflow_sources: junctions with negative demand count as sources;
//   whole_step: only links closed for the whole step (file, controls, rules,
//   scenario) block a path, not the solver's trial states — the marking the
//   PDA solve keeps for a step. Otherwise the current statuses decide, and an
//   active PRV's downstream node (PSV's upstream) counts as a source.
int mark_connected(const Workspace& w, State& s, bool inflow_sources, bool whole_step);
bool open_this_step(const Model& m, const State& s, int link);
// What mark_connected(.., inflow_sources = true, whole_step = false) depends
// on, one byte per link and junction: equal keys, equal marks.
void connectivity_key(const Model& m, const State& s, std::vector<std::uint8_t>& key);

}  // namespace lifeline::hydraulics::gga
