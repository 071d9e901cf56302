#include "resilient_client.hpp"

#include <algorithm>
#include <thread>

#include "live_server.hpp"

namespace duet::test {

std::unique_ptr<WsClient> connect_retrying(unsigned short port, const std::string& path,
                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      return std::make_unique<WsClient>(port, path);
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return nullptr;
}

ResilientCustomer::ResilientCustomer(unsigned short port, std::string site) : port_(port), site_(std::move(site)) {}

bool ResilientCustomer::connect(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    ws_.reset();
    try {
      ws_ = std::make_unique<WsClient>(port_, "/ws/customer");
    } catch (const std::exception&) {  // refused, or 503 between two leaders: back off and retry
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    ws_->send(checkout_hello(site_, resume, last_seq));
    auto w = ws_->wait_for<proto::Welcome>({}, std::chrono::seconds(5));
    if (!w) continue;  // closed before the welcome (the cluster changed again)
    if (!conversation.empty()) ++reconnects;
    welcome = *w;
    conversation = w->conversation;
    resume = w->resume;
    take(w->events);
    if (w->more) ws_->send(proto::Replay{last_seq, {}, {}, false});
    for (const auto& [cid, text] : unacked) ws_->send(proto::Say{cid, text, ""});
    return true;
  }
  return false;
}

void ResilientCustomer::say(const std::string& cid, const std::string& text) {
  unacked[cid] = text;
  if (ws_) ws_->send(proto::Say{cid, text, ""});
}

void ResilientCustomer::send(const proto::Message& m) {
  if (ws_) ws_->send(m);
}

void ResilientCustomer::take(const std::vector<Event>& list) {
  for (const Event& e : list) {
    events[e.seq] = e;
    ++times_seen[e.seq];
    last_seq = std::max(last_seq, e.seq);
  }
}

void ResilientCustomer::handle(const proto::Message& m) {
  if (const auto* e = std::get_if<proto::EventMsg>(&m)) take({e->event});
  else if (const auto* r = std::get_if<proto::Replay>(&m)) {
    take(r->events);
    if (r->more) ws_->send(proto::Replay{last_seq, {}, {}, false});
  } else if (const auto* a = std::get_if<proto::Ack>(&m)) {
    acked[a->cid] = a->seq;
    unacked.erase(a->cid);
  } else if (const auto* err = std::get_if<proto::Error>(&m)) {
    // Not stored (the database was away): the widget resends the same message after a moment.
    if (!err->cid.empty() && unacked.count(err->cid)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ws_->send(proto::Say{err->cid, unacked[err->cid], ""});
    }
  }
}

bool ResilientCustomer::pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    if (ws_) {
      // What arrived before a close is read first (the acks of what was stored before it).
      if (auto m = ws_->wait_message([](const proto::Message&) { return true; }, std::chrono::milliseconds(50))) {
        handle(*m);
        continue;
      }
      if (!ws_->wait_closed(std::chrono::milliseconds(0))) continue;
    }
    if (!connect(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now))) return false;
  }
  return true;
}

std::optional<std::map<Seq, Event>> ResilientCustomer::transcript_from_start(unsigned short port) const {
  ResilientCustomer fresh(port, site_);
  fresh.resume = resume;
  if (!fresh.connect() || !fresh.pump_until([&] { return fresh.last_seq >= last_seq; })) return std::nullopt;
  return fresh.events;
}

bool ResilientCustomer::saw(const std::function<bool(const Event&)>& pred) const {
  return std::any_of(events.begin(), events.end(), [&](const auto& kv) { return pred(kv.second); });
}

}  // namespace duet::test
