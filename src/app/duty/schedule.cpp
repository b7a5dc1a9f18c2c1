#include "app/duty/schedule.h"

#include <algorithm>

#include "app/duty/spans.h"

namespace lifeline::app::duty {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
int positive_mod(int64_t a, int64_t n) { return static_cast<int>(((a % n) + n) % n); }

bool by_start(const Segment& a, const Segment& b) { return a.span.from < b.span.from; }

// The parts of `s` outside `covered` (sorted, disjoint).
std::vector<Span> uncovered(Span s, const std::vector<Span>& covered) {
  auto it = std::lower_bound(covered.begin(), covered.end(), s.from,
                             [](const Span& c, Instant t) { return c.until <= t; });
  std::vector<Span> out;
  for (; it != covered.end() && it->from < s.until; ++it) {
    if (it->from > s.from) out.push_back({s.from, it->from});
    s.from = std::max(s.from, it->until);
  }
  if (!s.empty()) out.push_back(s);
  return out;
}

bool same_source(const Segment& a, const Segment& b) {
  return a.person == b.person && a.roster_id == b.roster_id && a.layer_id == b.layer_id &&
         a.member_index == b.member_index && a.override_id == b.override_id;
}

std::vector<Segment> merged(std::vector<Segment> segs) {
  std::sort(segs.begin(), segs.end(), by_start);
  std::vector<Segment> out;
  for (auto& s : segs) {
    if (s.span.empty()) continue;
    if (!out.empty() && out.back().span.until == s.span.from && same_source(out.back(), s))
      out.back().span.until = s.span.until;
    else
      out.push_back(std::move(s));
  }
  return out;
}

// Everything outside `cut` stays; inside it goes.
std::vector<Segment> cut_out(const std::vector<Segment>& segs, Span cut) {
  std::vector<Segment> out;
  for (const auto& s : segs) {
    if (s.span.until <= cut.from || s.span.from >= cut.until) {
      out.push_back(s);
      continue;
    }
    if (s.span.from < cut.from) {
      Segment a = s;
      a.span.until = cut.from;
      out.push_back(a);
    }
    if (s.span.until > cut.until) {
      Segment b = s;
      b.span.from = cut.until;
      out.push_back(b);
    }
  }
  return out;
}

std::vector<Segment> apply_swap(const std::vector<Segment>& segs, const OverridePlan& o, Span within) {
  std::vector<Segment> out;
  for (const auto& s : segs) {
    Span inside{std::max(s.span.from, within.from), std::min(s.span.until, within.until)};
    if (s.person != o.replaces || inside.empty()) {
      out.push_back(s);
      continue;
    }
    for (auto& rest : cut_out({s}, inside)) out.push_back(rest);
    Segment swapped = s;
    swapped.span = inside;
    swapped.person = o.person;
    swapped.override_id = o.id;
    out.push_back(swapped);
  }
  return out;
}

}  // namespace

int rotation_minutes(std::string_view rotation) {
  for (const auto& r : kRotations)
    if (rotation == r.name) return r.minutes;
  return 0;
}

std::vector<Shift> layer_shifts(const Zone& zone, const LayerPlan& layer, Span within) {
  Span eff{std::max(within.from, layer.valid_from),
           layer.valid_until ? std::min(within.until, *layer.valid_until) : within.until};
  if (eff.empty() || layer.members.empty() || layer.shift_minutes <= 0) return {};
  const int64_t length = layer.shift_minutes;
  const int64_t n = static_cast<int64_t>(layer.members.size());
  // One shift early: around a change of the clocks a boundary may fall after eff.from.
  int64_t k = floor_div(zone.civil(eff.from) - layer.anchor, length) - 1;
  std::vector<Shift> out;
  for (Instant start = zone.instant(layer.anchor + k * length); start < eff.until; ++k) {
    const Instant end = zone.instant(layer.anchor + (k + 1) * length);
    Span piece{std::max(start, eff.from), std::min(end, eff.until)};
    if (!piece.empty()) out.push_back({piece, positive_mod(k, n)});
    start = end;
  }
  if (!layer.restriction) return out;
  const auto allowed = lay_out(zone, *layer.restriction, eff);
  std::vector<Shift> restricted;
  for (const auto& s : out)
    for (const auto& piece : clip(allowed, s.span)) restricted.push_back({piece, s.member});
  return restricted;
}

std::vector<Segment> roster_schedule(const Zone& zone, const RosterPlan& roster, Span within) {
  std::vector<const LayerPlan*> layers;
  for (const auto& l : roster.layers) layers.push_back(&l);
  std::stable_sort(layers.begin(), layers.end(), [](const LayerPlan* a, const LayerPlan* b) { return a->level > b->level; });
  std::vector<Span> covered;
  std::vector<Segment> out;
  for (const LayerPlan* l : layers) {
    auto shifts = layer_shifts(zone, *l, within);
    std::vector<Span> spans;
    spans.reserve(shifts.size() + covered.size());
    for (const auto& s : shifts) {
      for (const auto& piece : uncovered(s.span, covered))
        out.push_back({piece, l->members[static_cast<size_t>(s.member)], roster.id, roster.kind, l->id, s.member, 0});
      spans.push_back(s.span);
    }
    spans.insert(spans.end(), covered.begin(), covered.end());
    covered = normalise(std::move(spans));
  }
  return merged(std::move(out));
}

std::vector<RegimePiece> regimes(const PostPlan& post, Span within) {
  if (within.empty()) return {};
  std::vector<RegimePiece> out;
  const auto epidemic = clip(normalise(post.epidemic_spans), within);
  for (const auto& s : epidemic) out.push_back({s, true});
  for (const auto& s : subtract({within}, epidemic)) out.push_back({s, false});
  std::sort(out.begin(), out.end(), [](const RegimePiece& a, const RegimePiece& b) { return a.span.from < b.span.from; });
  return out;
}

std::vector<Segment> final_schedule(const Zone& zone, const PostPlan& post, Span within) {
  std::vector<Segment> segs;
  for (const auto& piece : regimes(post, within)) {
    const RosterPlan* roster = post.normal ? &*post.normal : nullptr;
    if (piece.epidemic && post.epidemic) roster = &*post.epidemic;
    if (!roster) continue;
    auto part = roster_schedule(zone, *roster, piece.span);
    segs.insert(segs.end(), part.begin(), part.end());
  }
  for (const auto& o : post.overrides) {
    Span inside{std::max(o.span.from, within.from), std::min(o.span.until, within.until)};
    if (inside.empty()) continue;
    if (o.kind == "swap") {
      segs = apply_swap(segs, o, inside);
    } else {
      segs = cut_out(segs, inside);
      segs.push_back({inside, o.person, 0, "", 0, -1, o.id});
    }
  }
  return merged(std::move(segs));
}

std::vector<Run> runs(const std::vector<Segment>& segments) {
  std::vector<Run> out;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    if (!out.empty() && out.back().span.until == s.span.from && out.back().person == s.person) {
      out.back().span.until = s.span.until;
      out.back().last = i;
    } else {
      out.push_back({s.span, s.person, i, i});
    }
  }
  return out;
}

namespace {

// Widens the window until the run found lies strictly inside it (or the horizon is reached).
template <typename Pick>
std::optional<Run> widening(const Zone& zone, const PostPlan& post, Instant at, std::chrono::hours horizon, Pick pick) {
  for (std::chrono::hours w(24);; w *= 2) {
    if (w > horizon) w = horizon;
    Span window{at - w, at + w};
    const auto found = pick(runs(final_schedule(zone, post, window)));
    if (!found) return std::nullopt;
    const bool cut = found->span.from == window.from || found->span.until == window.until;
    if (!cut || w >= horizon) return found;
  }
}

}  // namespace

std::optional<Run> on_duty_at(const Zone& zone, const PostPlan& post, Instant at, std::chrono::hours horizon) {
  return widening(zone, post, at, horizon, [&](const std::vector<Run>& rs) -> std::optional<Run> {
    for (const auto& r : rs)
      if (r.span.from <= at && at < r.span.until && r.person) return r;
    return std::nullopt;
  });
}

std::optional<Run> next_run_after(const Zone& zone, const PostPlan& post, Instant at, std::chrono::hours horizon) {
  // Only the end of the run may be cut: its start is what matters, and it is at or after `at`.
  for (std::chrono::hours w(24);; w *= 2) {
    if (w > horizon) w = horizon;
    const auto rs = runs(final_schedule(zone, post, {at, at + w}));
    for (const auto& r : rs)
      if (r.person && r.span.from >= at) return r;
    if (w >= horizon) return std::nullopt;
  }
}

}  // namespace lifeline::app::duty
