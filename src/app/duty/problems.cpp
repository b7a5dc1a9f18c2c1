#include "app/duty/problems.h"

#include <algorithm>

#include "app/duty/spans.h"

namespace lifeline::app::duty {

namespace {

// One stretch of a person's duty at one post.
struct Duty {
  Span span;
  size_t post = 0;     // index into posts
  const Segment* segment = nullptr;
};

using People = std::unordered_map<int64_t, std::vector<Duty>>;

People by_person(const std::vector<PostSchedule>& posts) {
  People out;
  for (size_t p = 0; p < posts.size(); ++p)
    for (const auto& s : posts[p].segments)
      if (s.person) out[*s.person].push_back({s.span, p, &s});
  for (auto& [_, duties] : out)
    std::sort(duties.begin(), duties.end(), [](const Duty& a, const Duty& b) { return a.span.from < b.span.from; });
  return out;
}

Span overlap(Span a, Span b) { return {std::max(a.from, b.from), std::min(a.until, b.until)}; }

// Joins a problem onto the previous one when it continues it.
void add_merged(std::vector<Problem>& out, Problem p) {
  for (auto it = out.rbegin(); it != out.rend() && it != out.rbegin() + 4; ++it) {
    if (it->kind == p.kind && it->post == p.post && it->person == p.person && it->reason == p.reason &&
        it->other_post == p.other_post && it->span.until >= p.span.from && it->span.from <= p.span.from) {
      it->span.until = std::max(it->span.until, p.span.until);
      return;
    }
  }
  out.push_back(std::move(p));
}

void gaps(const Zone& zone, const PostSchedule& ps, Span span, std::vector<Problem>& out) {
  const auto required = ps.post->coverage ? lay_out(zone, *ps.post->coverage, span) : std::vector<Span>{span};
  std::vector<Span> covered;
  for (const auto& s : ps.segments)
    if (s.person) covered.push_back(s.span);
  for (const auto& g : subtract(required, normalise(std::move(covered))))
    out.push_back({"gap", ps.post->id, std::nullopt, g, "uncovered", std::nullopt, 0, std::nullopt});
}

void double_bookings(const std::vector<PostSchedule>& posts, int64_t person, const std::vector<Duty>& duties, Span span,
                     std::vector<Problem>& out) {
  std::vector<const Duty*> active;
  for (const auto& d : duties) {
    std::erase_if(active, [&](const Duty* a) { return a->span.until <= d.span.from; });
    for (const Duty* a : active) {
      if (a->post == d.post) continue;
      Span both = overlap(overlap(a->span, d.span), span);
      if (both.empty()) continue;
      add_merged(out, {"double_booked", posts[d.post].post->id, person, both, "also_on_post", posts[a->post].post->id,
                       0, std::nullopt});
    }
    active.push_back(&d);
  }
}

void short_rests(const std::vector<PostSchedule>& posts, int64_t person, const std::vector<Duty>& duties, Span span,
                 std::vector<Problem>& out) {
  struct Stint {
    Span span;
    size_t first_post, last_post;
  };
  std::vector<Stint> stints;
  for (const auto& d : duties) {
    if (!stints.empty() && d.span.from <= stints.back().span.until) {
      if (d.span.until > stints.back().span.until) {
        stints.back().span.until = d.span.until;
        stints.back().last_post = d.post;
      }
    } else {
      stints.push_back({d.span, d.post, d.post});
    }
  }
  for (size_t i = 1; i < stints.size(); ++i) {
    const Span rest{stints[i - 1].span.until, stints[i].span.from};
    const PostPlan& later = *posts[stints[i].first_post].post;
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(rest.until - rest.from).count();
    if (later.min_rest_minutes <= 0 || minutes >= later.min_rest_minutes) continue;
    if (overlap(rest, span).empty()) continue;
    out.push_back({"short_rest", later.id, person, rest, "rest_minutes", posts[stints[i - 1].last_post].post->id,
                   minutes, std::nullopt});
  }
}

class Suggester {
 public:
  Suggester(const std::vector<PostSchedule>& posts, const People& people, const UnfitIndex& unfit, const Zone& zone)
      : people_(people), unfit_(unfit), zone_(zone) {
    for (const auto& ps : posts)
      for (const RosterPlan* r : {ps.post->normal ? &*ps.post->normal : nullptr,
                                  ps.post->epidemic ? &*ps.post->epidemic : nullptr})
        if (r)
          for (const auto& l : r->layers) layers_[l.id] = &l;
  }

  // The next member of the segment's layer, in rotation order, who is fit and free over `when`.
  std::optional<int64_t> replacement(const Segment& s, Span when) const {
    auto it = layers_.find(s.layer_id);
    if (it == layers_.end() || s.member_index < 0) return std::nullopt;
    const auto& members = it->second->members;
    const size_t n = members.size();
    for (size_t step = 1; step < n; ++step) {
      const int64_t candidate = members[(static_cast<size_t>(s.member_index) + step) % n];
      if (candidate == s.person || !fit(candidate, when) || !free(candidate, when)) continue;
      return candidate;
    }
    return std::nullopt;
  }

 private:
  bool fit(int64_t person, Span when) const {
    auto it = unfit_.find(person);
    if (it == unfit_.end()) return true;
    const std::string first = zone_.date(when.from), last = zone_.date(when.until - std::chrono::milliseconds(1));
    auto day = it->second.lower_bound(first);
    return day == it->second.end() || day->first > last;
  }
  bool free(int64_t person, Span when) const {
    auto it = people_.find(person);
    if (it == people_.end()) return true;
    for (const auto& d : it->second)
      if (!overlap(d.span, when).empty()) return false;
    return true;
  }

  const People& people_;
  const UnfitIndex& unfit_;
  const Zone& zone_;
  std::unordered_map<int64_t, const LayerPlan*> layers_;
};

void unfit_duties(const Zone& zone, const std::vector<PostSchedule>& posts, int64_t person,
                  const std::vector<Duty>& duties, const std::map<std::string, std::string>& days,
                  const Suggester& suggester, Span span, std::vector<Problem>& out) {
  for (const auto& d : duties) {
    Span inside = overlap(d.span, span);
    if (inside.empty()) continue;
    const std::string first = zone.date(inside.from), last = zone.date(inside.until - std::chrono::milliseconds(1));
    for (auto it = days.lower_bound(first); it != days.end() && it->first <= last; ++it) {
      const Span day{zone.start_of(it->first), zone.start_of(format_day(civil_day(it->first) + 1))};
      Span piece = overlap(inside, day);
      if (piece.empty()) continue;
      const size_t before = out.size();
      add_merged(out, {"unfit", posts[d.post].post->id, person, piece, it->second, std::nullopt, 0, std::nullopt});
      if (out.size() > before) out.back().suggestion = suggester.replacement(*d.segment, piece);
    }
  }
}

}  // namespace

std::vector<Problem> find_problems(const Zone& zone, const std::vector<PostSchedule>& posts, const UnfitIndex& unfit,
                                   Span span) {
  std::vector<Problem> out;
  for (const auto& ps : posts) gaps(zone, ps, span, out);
  const People people = by_person(posts);
  const Suggester suggester(posts, people, unfit, zone);
  for (const auto& [person, duties] : people) {
    double_bookings(posts, person, duties, span, out);
    short_rests(posts, person, duties, span, out);
    if (auto u = unfit.find(person); u != unfit.end())
      unfit_duties(zone, posts, person, duties, u->second, suggester, span, out);
  }
  std::sort(out.begin(), out.end(), [](const Problem& a, const Problem& b) {
    if (a.span.from != b.span.from) return a.span.from < b.span.from;
    if (a.post != b.post) return a.post < b.post;
    return a.kind < b.kind;
  });
  return out;
}

}  // namespace lifeline::app::duty
