#pragma once
// Who talks to whom: agents (languages, skills, capacity, availability), customers waiting
// (language, intent, since when) and the offers made to agents. Fair assignment (longest wait first,
// least-loaded agent who fits), queue positions and honest wait estimates from recent handling
// times. Pure: callers pass `now`.
//
// Who fits a customer (the same rule for assign, position, estimate_s, can_serve, has_agent_for):
// - Languages match on the primary subtag, case-insensitively ("sv-SE" fits an "sv" agent); an empty
//   customer language means "en".
// - "en" agents take a customer in another language only when no agent with that language exists at
//   all (available or not). When such an agent exists but is away, the customer goes to the offline
//   path and is answered later in their own language rather than by someone who may not read it.
// - Intents listed by set_skilled_intents need an agent with that exact skill; any other intent needs
//   only the language. Skilled agents also take general intents.
// - Agents who are unavailable or have no free capacity (load >= capacity) are never assigned.
//
// position(): customers compete when some agent (available or not) fits both; customers nobody fits
// line up with those who need the same language and skill.
// estimate_s(): the median of the last 50 handling times (assigned -> finished, all agents).
// nullopt when not queued, with no handling time recorded yet, or when no available agent fits (offer
// the offline path); 0 when the position is within the free slots of the agents who fit; otherwise
// ceil((position - free slots) / capacity of the available agents who fit) * median.
// A transfer is finished(old agent) + assigned(new agent).
#include <cstddef>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "types.hpp"

namespace duet {

struct AgentInfo {
  std::string id;
  std::string name;
  std::vector<std::string> languages;  // e.g. {"en","sv"}
  std::vector<std::string> skills;     // intents they handle, e.g. {"fraud","dispute"}; empty = general
  int capacity = 3;                    // concurrent conversations
  bool available = false;
};

struct WaitingCustomer {
  std::string conversation;
  std::string language;
  std::string intent;    // a skill an agent needs, when the intent needs one (see Router::skilled_intents)
  TimeMs since = 0;      // when they joined the queue (kept across restarts and agent loss)
};

struct Assignment { std::string conversation; std::string agent_id; };

class Router {
 public:
  // Intents that only agents with that skill may take (others go to any agent with the language).
  void set_skilled_intents(std::vector<std::string> intents);

  void upsert_agent(const AgentInfo& a);
  void remove_agent(const std::string& agent_id);
  void set_available(const std::string& agent_id, bool available, int capacity);
  const AgentInfo* agent(const std::string& agent_id) const;
  std::vector<AgentInfo> agents() const;

  // Queue. Enqueue is idempotent (keeps the original `since`). Dequeue also withdraws an offer.
  void enqueue(const WaitingCustomer& c);
  bool dequeue(const std::string& conversation);
  std::vector<WaitingCustomer> queue() const;  // longest wait first
  // Everyone waiting for a person: in the queue or offered to an agent (not yet accepted). The one
  // list of who waits; the hub keeps no copy of it.
  bool waiting(const std::string& conversation) const;
  std::size_t waiting_count() const { return queue_.size() + offers_.size(); }
  std::vector<WaitingCustomer> waiting_in_order() const;  // longest wait first, offered ones at their place
  int waiting_position(const std::string& conversation) const;  // 1-based in that order; 0: not waiting
  // 1-based position among customers an agent could take before them; 0 when not queued.
  int position(const std::string& conversation) const;
  // Honest wait estimate in seconds from recent handling times; nullopt when there is no data yet.
  std::optional<int> estimate_s(const std::string& conversation, TimeMs now) const;
  // position() and estimate_s() of every waiting customer, in queue order, in one pass: time linear
  // in the queue (times the few distinct needs), where asking one by one is quadratic.
  struct Standing {
    std::string conversation;
    int position = 0;
    std::optional<int> estimate_s;
  };
  std::vector<Standing> standings(TimeMs now) const;

  // Offers: a waiting customer held for one agent until they accept (assigned) or the offer is
  // withdrawn. An offered customer is out of the queue; the slot counts as the agent's load for
  // assign() and the estimates, but a busy agent still "can serve" (customers queue, not go offline).
  // offer() takes the customer from the queue (or from another agent's offer).
  void offer(const std::string& conversation, const std::string& agent_id, TimeMs now);
  // Back to the queue at the customer's original place when `requeue`, else out of the router.
  void withdraw(const std::string& conversation, bool requeue);
  const std::string* offered_to(const std::string& conversation) const;  // null when not offered
  std::optional<TimeMs> offered_at(const std::string& conversation) const;
  std::vector<std::string> offers_of(const std::string& agent_id) const;
  int reserved(const std::string& agent_id) const;  // offers this agent holds

  // Load: a conversation assigned to an agent (an offer of it is consumed), and finished (records
  // its handling time).
  void assigned(const std::string& agent_id, const std::string& conversation, TimeMs now);
  void finished(const std::string& agent_id, const std::string& conversation, TimeMs now);
  int load(const std::string& agent_id) const;
  std::vector<std::string> handling(const std::string& agent_id) const;  // the conversations load() counts

  // Could anyone take this language/intent now (available, with the language and skill)?
  bool can_serve(const std::string& language, const std::string& intent) const;
  // Could anyone ever take it (an agent with language/skill exists, available or not)?
  bool has_agent_for(const std::string& language, const std::string& intent) const;

  // Matches waiting customers to agents with free capacity: longest wait first; among agents who fit,
  // the least loaded (ties: the one idle longest, i.e. longest since their last assignment or finish,
  // then the lowest id). Deterministic and const. Does not remove from the queue: call
  // dequeue + assigned for each assignment you act on.
  std::vector<Assignment> assign(TimeMs now) const;

 private:
  // data members: see router.cpp for the invariants
  struct AgentState {
    AgentInfo info;
    std::vector<std::string> primary_languages;  // info.languages reduced to lower-case primary subtags
    std::map<std::string, TimeMs> active;         // conversation -> when it was assigned
    std::size_t reserved = 0;                      // offers held (offers_), not yet accepted
    // Last assignment or finish; agents never assigned count as idle the longest.
    TimeMs last_activity = std::numeric_limits<TimeMs>::min();
  };
  // What a customer needs: the language agents must speak (after the "en" fallback) and a skill
  // (empty when the intent is not skilled).
  struct Need {
    std::string language;
    std::string skill;
    bool operator==(const Need&) const = default;
  };
  static constexpr std::size_t kHandlingSamples = 50;

  Need need_of(const std::string& language, const std::string& intent) const;
  static bool fits(const AgentState& a, const Need& n);
  static bool can_take_now(const AgentState& a);  // available with capacity > 0
  const WaitingCustomer* find_waiting(const std::string& conversation) const;
  std::optional<TimeMs> median_handling_ms() const;

  std::map<std::string, AgentState> agents_;  // by id: iteration in id order keeps results deterministic
  std::vector<WaitingCustomer> queue_;        // sorted by (since, conversation): longest wait first
  struct Held {
    std::string agent_id;
    TimeMs at = 0;
    WaitingCustomer customer;  // as they were queued: back at their place if withdrawn
  };
  std::map<std::string, Held> offers_;        // by conversation; agents' `reserved` counts these
  std::set<std::string> skilled_intents_;
  std::deque<TimeMs> handling_ms_;            // the last kHandlingSamples handling durations
};

}  // namespace duet
