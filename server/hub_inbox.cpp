// Hub: the offline inbox. Messages customers left while nobody could serve them, one entry per
// conversation (its latest message, with the brief), oldest first, sent to every signed-in agent
// whenever it changes. An agent takes one with `accept`; it then leaves the inbox.
#include <algorithm>

#include "server/hub.hpp"

namespace duet::server {
namespace {

constexpr std::size_t kInboxPage = 50;  // what one frame carries; `total` says how many wait

}  // namespace

const Event* Hub::left_message(const ConvRt& rt) {
  const auto& events = rt.conv.events();
  auto it = std::find_if(events.rbegin(), events.rend(), [](const Event& e) { return e.kind == EventKind::offline_message; });
  return it == events.rend() ? nullptr : &*it;
}

bool Hub::in_inbox(const ConvRt& rt) { return rt.conv.state() == State::offline && left_message(rt); }

std::optional<proto::InboxEntry> Hub::inbox_entry(const ConvRt& rt) const {
  if (!in_inbox(rt)) return std::nullopt;
  const Event* left = left_message(rt);
  return proto::InboxEntry{rt.conv.id(), *left, brief_of(rt)};
}

proto::Inbox Hub::inbox() const {
  proto::Inbox box;
  for (const auto& [id, rt] : conversations_)
    if (auto e = inbox_entry(*rt)) box.entries.push_back(std::move(*e));
  for (const auto& [id, e] : inbox_left_) box.entries.push_back(e);  // those that left memory (evict_idle)
  std::sort(box.entries.begin(), box.entries.end(), [](const proto::InboxEntry& a, const proto::InboxEntry& b) {
    return std::tie(a.message.at, a.conversation) < std::tie(b.message.at, b.conversation);
  });
  box.total = static_cast<int>(box.entries.size());
  if (box.entries.size() > kInboxPage) box.entries.resize(kInboxPage);
  return box;
}

void Hub::send_inbox(Txn& t, SessionId s) { send(t, s, inbox(), Role::agent); }

void Hub::inbox_changed(Txn& t) { to_all_agents(t, inbox()); }

}  // namespace duet::server
