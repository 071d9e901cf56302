// What a customer may see of the frames the server sends: no internal notes, no agent ids. The
// event frame itself (serialize_for_customer(EventMsg)) is written in protocol.cpp, without a DOM.
#include "protocol.hpp"

namespace duet::proto {

Event customer_view(Event e) {
  e.agent_id.clear();
  return e;
}

std::vector<Event> customer_view(const std::vector<Event>& events) {
  std::vector<Event> out;
  out.reserve(events.size());
  for (const auto& e : events)
    if (e.visible_to_customer()) out.push_back(customer_view(e));
  return out;
}

std::string serialize_for_customer(const Message& m) {
  if (const auto* welcome = std::get_if<Welcome>(&m)) {
    Welcome copy = *welcome;
    copy.events = customer_view(copy.events);
    copy.earlier = customer_view(copy.earlier);
    return serialize(copy);
  }
  if (const auto* replay = std::get_if<Replay>(&m)) {
    Replay copy = *replay;
    copy.events = customer_view(copy.events);
    return serialize(copy);
  }
  if (const auto* event = std::get_if<EventMsg>(&m)) return serialize_for_customer(*event);
  if (const auto* snapshot = std::get_if<Snapshot>(&m)) {
    Snapshot copy = *snapshot;
    copy.events = customer_view(copy.events);
    copy.earlier = customer_view(copy.earlier);
    return serialize(copy);
  }
  return serialize(m);
}

}  // namespace duet::proto
