// Router: who fits whom, fair assignment, queue positions and honest wait estimates.
//
// Invariants:
// - agents_ is keyed by id; iterating it visits agents in id order, which is the final tie-break of
//   assign() and makes every result deterministic.
// - queue_ holds each conversation at most once, sorted by (since, conversation): longest wait first,
//   equal waits in id order.
// - AgentState::active holds the conversations an agent is handling now; its size is the agent's load.
//   Load may exceed capacity after the capacity is lowered; such an agent simply gets nothing new.
// - handling_ms_ holds at most kHandlingSamples durations (assigned -> finished), oldest first.
#include "router.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace duet {
namespace {

// "sv-SE", "SV_se", " sv " -> "sv"; "" -> "en" (the widget's default locale).
std::string primary_subtag(const std::string& tag) {
  std::string out;
  for (char ch : tag) {
    if (ch == '-' || ch == '_') break;
    if (ch == ' ' || ch == '\t') continue;
    out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
  }
  return out.empty() ? "en" : out;
}

bool waits_before(const WaitingCustomer& a, const WaitingCustomer& b) {
  return std::tie(a.since, a.conversation) < std::tie(b.since, b.conversation);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::int64_t free_slots(const AgentInfo& info, std::size_t load) {
  return std::max<std::int64_t>(0, info.capacity - static_cast<std::int64_t>(load));
}

}  // namespace

// --- agents ---------------------------------------------------------------------------------------

void Router::set_skilled_intents(std::vector<std::string> intents) {
  skilled_intents_ = std::set<std::string>(intents.begin(), intents.end());
}

void Router::upsert_agent(const AgentInfo& a) {
  if (a.id.empty()) return;  // an agent without id could never be addressed again
  AgentState& st = agents_[a.id];
  st.info = a;
  st.info.capacity = std::max(0, a.capacity);
  st.primary_languages.clear();
  for (const auto& l : a.languages) st.primary_languages.push_back(primary_subtag(l));
}

void Router::remove_agent(const std::string& agent_id) {
  for (const std::string& c : offers_of(agent_id)) withdraw(c, /*requeue=*/true);
  agents_.erase(agent_id);
}

void Router::set_available(const std::string& agent_id, bool available, int capacity) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  it->second.info.available = available;
  it->second.info.capacity = std::max(0, capacity);
}

const AgentInfo* Router::agent(const std::string& agent_id) const {
  auto it = agents_.find(agent_id);
  return it == agents_.end() ? nullptr : &it->second.info;
}

std::vector<AgentInfo> Router::agents() const {
  std::vector<AgentInfo> out;
  out.reserve(agents_.size());
  for (const auto& [id, st] : agents_) out.push_back(st.info);
  return out;
}

// --- who fits -------------------------------------------------------------------------------------

Router::Need Router::need_of(const std::string& language, const std::string& intent) const {
  Need n{primary_subtag(language), skilled_intents_.count(intent) ? intent : std::string{}};
  const bool speaker_exists = std::any_of(agents_.begin(), agents_.end(), [&](const auto& kv) {
    return contains(kv.second.primary_languages, n.language);
  });
  if (!speaker_exists) n.language = "en";
  return n;
}

bool Router::fits(const AgentState& a, const Need& n) {
  return contains(a.primary_languages, n.language) && (n.skill.empty() || contains(a.info.skills, n.skill));
}

bool Router::can_take_now(const AgentState& a) { return a.info.available && a.info.capacity > 0; }

bool Router::can_serve(const std::string& language, const std::string& intent) const {
  const Need n = need_of(language, intent);
  return std::any_of(agents_.begin(), agents_.end(),
                     [&](const auto& kv) { return can_take_now(kv.second) && fits(kv.second, n); });
}

bool Router::has_agent_for(const std::string& language, const std::string& intent) const {
  const Need n = need_of(language, intent);
  return std::any_of(agents_.begin(), agents_.end(), [&](const auto& kv) { return fits(kv.second, n); });
}

// --- queue ----------------------------------------------------------------------------------------

void Router::enqueue(const WaitingCustomer& c) {
  if (c.conversation.empty()) return;
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [&](const WaitingCustomer& w) { return w.conversation == c.conversation; });
  if (it != queue_.end()) {
    // Already waiting: keep their place (the original `since`); language or intent may have changed.
    it->language = c.language;
    it->intent = c.intent;
    return;
  }
  queue_.insert(std::upper_bound(queue_.begin(), queue_.end(), c, waits_before), c);
}

bool Router::dequeue(const std::string& conversation) {
  const bool offered = offers_.count(conversation) > 0;
  withdraw(conversation, /*requeue=*/false);
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [&](const WaitingCustomer& w) { return w.conversation == conversation; });
  if (it == queue_.end()) return offered;
  queue_.erase(it);
  return true;
}

// --- offers ---------------------------------------------------------------------------------------

void Router::offer(const std::string& conversation, const std::string& agent_id, TimeMs now) {
  auto agent = agents_.find(agent_id);
  if (agent == agents_.end() || conversation.empty()) return;
  WaitingCustomer customer{conversation, {}, {}, now};
  if (auto held = offers_.find(conversation); held != offers_.end()) {
    customer = held->second.customer;
    withdraw(conversation, /*requeue=*/false);
  }
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [&](const WaitingCustomer& w) { return w.conversation == conversation; });
  if (it != queue_.end()) {
    customer = *it;
    queue_.erase(it);
  }
  offers_[conversation] = Held{agent_id, now, std::move(customer)};
  ++agent->second.reserved;
}

void Router::withdraw(const std::string& conversation, bool requeue) {
  auto held = offers_.find(conversation);
  if (held == offers_.end()) return;
  if (auto a = agents_.find(held->second.agent_id); a != agents_.end() && a->second.reserved > 0) --a->second.reserved;
  WaitingCustomer customer = std::move(held->second.customer);
  offers_.erase(held);
  if (requeue) enqueue(customer);
}

const std::string* Router::offered_to(const std::string& conversation) const {
  auto held = offers_.find(conversation);
  return held == offers_.end() ? nullptr : &held->second.agent_id;
}

std::optional<TimeMs> Router::offered_at(const std::string& conversation) const {
  auto held = offers_.find(conversation);
  if (held == offers_.end()) return std::nullopt;
  return held->second.at;
}

std::vector<std::string> Router::offers_of(const std::string& agent_id) const {
  std::vector<std::string> out;
  for (const auto& [conversation, held] : offers_)
    if (held.agent_id == agent_id) out.push_back(conversation);
  return out;
}

int Router::reserved(const std::string& agent_id) const {
  auto it = agents_.find(agent_id);
  return it == agents_.end() ? 0 : static_cast<int>(it->second.reserved);
}

std::vector<WaitingCustomer> Router::queue() const { return queue_; }

bool Router::waiting(const std::string& conversation) const {
  return offers_.count(conversation) > 0 || find_waiting(conversation) != nullptr;
}

int Router::waiting_position(const std::string& conversation) const {
  const WaitingCustomer* me = find_waiting(conversation);
  if (auto held = offers_.find(conversation); held != offers_.end()) me = &held->second.customer;
  if (!me) return 0;
  auto before = [&](const WaitingCustomer& w) {
    return std::tie(w.since, w.conversation) < std::tie(me->since, me->conversation);
  };
  int ahead = static_cast<int>(std::count_if(queue_.begin(), queue_.end(), before));
  for (const auto& [c, held] : offers_) ahead += before(held.customer);
  return ahead + 1;
}

std::vector<WaitingCustomer> Router::waiting_in_order() const {
  std::vector<WaitingCustomer> all = queue_;
  for (const auto& [conversation, held] : offers_) all.push_back(held.customer);
  std::sort(all.begin(), all.end(), [](const WaitingCustomer& a, const WaitingCustomer& b) {
    return std::tie(a.since, a.conversation) < std::tie(b.since, b.conversation);
  });
  return all;
}

const WaitingCustomer* Router::find_waiting(const std::string& conversation) const {
  for (const auto& w : queue_)
    if (w.conversation == conversation) return &w;
  return nullptr;
}

// Two customers compete when at least one agent (available or not) fits both: that agent may take
// the one who waited longer first. Customers nobody fits compete with those who need the same thing.
int Router::position(const std::string& conversation) const {
  auto self = std::find_if(queue_.begin(), queue_.end(),
                           [&](const WaitingCustomer& w) { return w.conversation == conversation; });
  if (self == queue_.end()) return 0;
  const Need mine = need_of(self->language, self->intent);
  std::vector<const AgentState*> my_agents;
  for (const auto& [id, st] : agents_)
    if (fits(st, mine)) my_agents.push_back(&st);

  int ahead = 0;
  for (auto it = queue_.begin(); it != self; ++it) {
    const Need theirs = need_of(it->language, it->intent);
    const bool competes = my_agents.empty()
                              ? theirs == mine
                              : std::any_of(my_agents.begin(), my_agents.end(),
                                            [&](const AgentState* a) { return fits(*a, theirs); });
    if (competes) ++ahead;
  }
  return ahead + 1;
}

std::vector<Router::Standing> Router::standings(TimeMs /*now*/) const {
  // The distinct needs in the queue (languages x skills: a handful), each customer's index into them.
  std::vector<Need> needs;
  std::vector<std::size_t> need_index;
  need_index.reserve(queue_.size());
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (language, intent) -> need
  for (const auto& w : queue_) {
    auto [it, fresh] = seen.try_emplace({w.language, w.intent}, 0);
    if (fresh) {
      const Need n = need_of(w.language, w.intent);
      auto same = std::find(needs.begin(), needs.end(), n);
      it->second = static_cast<std::size_t>(same - needs.begin());
      if (same == needs.end()) needs.push_back(n);
    }
    need_index.push_back(it->second);
  }
  // competes[a][b]: a customer needing a waits behind one needing b (the rule of position()).
  const std::size_t k = needs.size();
  std::vector<char> competes(k * k, 0);
  struct Supply {
    std::int64_t capacity = 0, free = 0;
  };
  std::vector<Supply> supply(k);
  for (std::size_t a = 0; a < k; ++a) {
    std::vector<const AgentState*> mine;
    for (const auto& [id, st] : agents_) {
      if (!fits(st, needs[a])) continue;
      mine.push_back(&st);
      if (can_take_now(st)) {
        supply[a].capacity += st.info.capacity;
        supply[a].free += free_slots(st.info, st.active.size() + st.reserved);
      }
    }
    for (std::size_t b = 0; b < k; ++b)
      competes[a * k + b] = mine.empty() ? needs[a] == needs[b]
                                         : std::any_of(mine.begin(), mine.end(),
                                                       [&](const AgentState* s) { return fits(*s, needs[b]); });
  }
  const auto median = median_handling_ms();

  std::vector<Standing> out;
  out.reserve(queue_.size());
  std::vector<int> ahead_by_need(k, 0);
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    const std::size_t mine = need_index[i];
    int ahead = 0;
    for (std::size_t b = 0; b < k; ++b)
      if (competes[mine * k + b]) ahead += ahead_by_need[b];
    ++ahead_by_need[mine];
    Standing s{queue_[i].conversation, ahead + 1, std::nullopt};
    // The same arithmetic as estimate_s().
    if (median && supply[mine].capacity > 0) {
      const std::int64_t beyond_free = s.position - supply[mine].free;
      if (beyond_free <= 0) {
        s.estimate_s = 0;
      } else {
        const std::int64_t rounds = (beyond_free + supply[mine].capacity - 1) / supply[mine].capacity;
        const std::int64_t seconds = (rounds * *median + 999) / 1000;
        s.estimate_s = static_cast<int>(std::min<std::int64_t>(seconds, std::numeric_limits<int>::max()));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

// --- load and handling times ----------------------------------------------------------------------

void Router::assigned(const std::string& agent_id, const std::string& conversation, TimeMs now) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end() || conversation.empty()) return;
  withdraw(conversation, /*requeue=*/false);  // the offer (to this agent or another) is taken
  it->second.active.emplace(conversation, now);  // idempotent: keeps the first assignment time
  it->second.last_activity = std::max(it->second.last_activity, now);
}

void Router::finished(const std::string& agent_id, const std::string& conversation, TimeMs now) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  auto conv = it->second.active.find(conversation);
  if (conv == it->second.active.end()) return;  // not theirs: nothing to record
  const TimeMs took = now - conv->second;
  if (took >= 0) {  // a clock that went backwards says nothing about handling time
    handling_ms_.push_back(took);
    if (handling_ms_.size() > kHandlingSamples) handling_ms_.pop_front();
  }
  it->second.active.erase(conv);
  it->second.last_activity = std::max(it->second.last_activity, now);
}

int Router::load(const std::string& agent_id) const {
  auto it = agents_.find(agent_id);
  return it == agents_.end() ? 0 : static_cast<int>(it->second.active.size());
}

std::vector<std::string> Router::handling(const std::string& agent_id) const {
  std::vector<std::string> out;
  if (auto it = agents_.find(agent_id); it != agents_.end())
    for (const auto& [conversation, since] : it->second.active) out.push_back(conversation);
  return out;
}

std::optional<TimeMs> Router::median_handling_ms() const {
  if (handling_ms_.empty()) return std::nullopt;
  std::vector<TimeMs> v(handling_ms_.begin(), handling_ms_.end());
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  // The median, not the mean: one conversation left open over lunch must not inflate every estimate.
  return v.size() % 2 ? v[mid] : v[mid - 1] + (v[mid] - v[mid - 1]) / 2;
}

// The estimate, in seconds:
// - nullopt when the customer is not queued, when no handling time was recorded yet (no made-up
//   constant), or when no available agent fits (the caller offers the offline path instead);
// - 0 when the customer's position is within the free slots of the agents who fit: the next assign()
//   pass takes them (everyone ahead of them that could use those slots is counted in the position);
// - otherwise the k = position - free customers beyond the free slots wait for busy slots to free up.
//   With C slots in total, each turning over once per median handling time, the k-th waits at most
//   ceil(k / C) handling times. It is deliberately not cleverer: busy slots are partly through their
//   conversations, so this leans long rather than promise a wait we cannot keep.
std::optional<int> Router::estimate_s(const std::string& conversation, TimeMs /*now*/) const {
  const WaitingCustomer* w = find_waiting(conversation);
  if (!w) return std::nullopt;
  const auto median = median_handling_ms();
  if (!median) return std::nullopt;

  const Need n = need_of(w->language, w->intent);
  std::int64_t capacity = 0, free = 0;
  for (const auto& [id, st] : agents_) {
    if (!can_take_now(st) || !fits(st, n)) continue;
    capacity += st.info.capacity;
    free += free_slots(st.info, st.active.size() + st.reserved);
  }
  if (capacity == 0) return std::nullopt;

  const std::int64_t beyond_free = position(conversation) - free;
  if (beyond_free <= 0) return 0;
  const std::int64_t rounds = (beyond_free + capacity - 1) / capacity;
  const std::int64_t ms = rounds * *median;
  const std::int64_t seconds = (ms + 999) / 1000;
  return static_cast<int>(std::min<std::int64_t>(seconds, std::numeric_limits<int>::max()));
}

// --- assignment -----------------------------------------------------------------------------------

std::vector<Assignment> Router::assign(TimeMs now) const {
  // Simulated load and activity, so one pass never overfills an agent and spreads equal loads.
  struct Slot {
    const std::string* id;
    const AgentState* st;
    std::size_t load;
    TimeMs last_activity;
  };
  std::vector<Slot> slots;
  for (const auto& [id, st] : agents_)
    if (can_take_now(st)) slots.push_back({&id, &st, st.active.size() + st.reserved, st.last_activity});

  std::vector<Assignment> out;
  for (const auto& c : queue_) {  // longest wait first
    const Need n = need_of(c.language, c.intent);
    Slot* best = nullptr;
    for (auto& s : slots) {  // id order: the first of equals wins
      if (s.load >= static_cast<std::size_t>(s.st->info.capacity) || !fits(*s.st, n)) continue;
      if (!best || std::tie(s.load, s.last_activity) < std::tie(best->load, best->last_activity)) best = &s;
    }
    if (!best) continue;  // nobody free fits this one; others behind may still fit someone else
    out.push_back({c.conversation, *best->id});
    ++best->load;
    best->last_activity = std::max(best->last_activity, now);
  }
  return out;
}

}  // namespace duet
