#include "resuming.hpp"

#include "frames.hpp"

namespace duet::bench {

void Resuming::open() {
  ws_ = std::make_shared<Client>(ioc_);
  was_open_ = false;
  opened_at_ = Clock::now();
  signed_in = false;
  Client* self = ws_.get();
  ws_->on_open = [this] {
    was_open_ = true;
    opened();
  };
  ws_->on_frame = [this, self](std::string_view f) {
    if (ws_.get() != self) return;  // a frame of a connection already given up
    auto m = proto::parse(f, proto::Limits::for_server_frames());
    if (!m) return;
    if (std::holds_alternative<proto::Error>(m.value())) ++errors;
    frame(m.value());
  };
  ws_->connect(nodes_.port(node_), path_);
}

void Resuming::close() {
  if (!ws_) return;
  ws_->on_open = nullptr;  // handlers still queued must not reach this object
  ws_->on_frame = nullptr;
  ws_->close();
  ws_.reset();
}

void Resuming::poll() {
  const auto now = Clock::now();
  if (!ws_) {
    if (now >= retry_at_) open();
    return;
  }
  const bool refused = ws_->failed && !was_open_;  // connect or handshake failed (dead, or 503)
  const bool closed = was_open_ && !ws_->open;     // closed by the node (1012) or the node died
  const bool mute = was_open_ && !signed_in && now - opened_at_ > 3s;  // no welcome: the cluster changed again
  if (!refused && !closed && !mute) return;
  close();
  if (!refused && !mute) {
    failures_ = 0;
    retry_at_ = now;  // closed after a welcome: the same node again at once
    return;
  }
  // The next node at once, as a balancer retries a refused connect elsewhere; a pause after a round.
  node_ = (node_ + 1) % nodes_.size();
  retry_at_ = ++failures_ % nodes_.size() == 0 ? now + 100ms : now;
}

void ResumingCustomer::say(long k) {
  unacked[k] = bench::say("c" + std::to_string(k), "m" + std::to_string(k));
  if (signed_in) send(unacked[k]);
}

void ResumingCustomer::opened() {
  proto::Hello h;
  h.site = "bench";
  h.locale = "en";
  h.resume = resume;
  h.last_seq = last_seq;
  send(proto::serialize(proto::Message{h}));
}

void ResumingCustomer::take(const std::vector<Event>& events) {
  for (const Event& e : events) {
    ++times_seen[e.seq];
    if (e.seq <= last_seq) continue;
    last_seq = e.seq;
    if (on_event) on_event(e);
  }
}

void ResumingCustomer::frame(const proto::Message& m) {
  if (const auto* w = std::get_if<proto::Welcome>(&m)) {
    signed_in = true;
    ++connections;
    conversation = w->conversation;
    resume = w->resume;
    take(w->events);
    if (w->more) send(proto::serialize(proto::Message{proto::Replay{last_seq, {}, {}, false}}));
    for (const auto& [k, f] : unacked) send(f);
  } else if (const auto* e = std::get_if<proto::EventMsg>(&m)) {
    take({e->event});
  } else if (const auto* r = std::get_if<proto::Replay>(&m)) {
    take(r->events);
    if (r->more) send(proto::serialize(proto::Message{proto::Replay{last_seq, {}, {}, false}}));
  } else if (const auto* a = std::get_if<proto::Ack>(&m)) {
    if (a->cid.size() > 1 && a->cid[0] == 'c') {
      const long k = std::stol(a->cid.substr(1));
      unacked.erase(k);
      acked.insert(k);
    }
  }
}

void ResumingAgent::opened() { send(agent_hello(token_)); }

void ResumingAgent::reply(const std::string& customer_cid) {
  send(say("r" + customer_cid, "re " + customer_cid, conversation));
}

void ResumingAgent::frame(const proto::Message& m) {
  if (std::holds_alternative<proto::AgentWelcome>(m)) {
    signed_in = true;
    ++connections;
    send(status(1));
  } else if (const auto* o = std::get_if<proto::Offer>(&m)) {
    send(accept(o->conversation));
  } else if (const auto* s = std::get_if<proto::Snapshot>(&m)) {
    ++snapshots;
    conversation = s->conversation;
    std::set<std::string> answered;
    for (const Event& e : s->events)
      if (e.kind == EventKind::message && e.speaker == Speaker::agent) answered.insert(e.client_id);
    for (const Event& e : s->events)
      if (e.kind == EventKind::message && e.speaker == Speaker::customer && !answered.count("r" + e.client_id))
        reply(e.client_id);
  } else if (const auto* e = std::get_if<proto::EventMsg>(&m)) {
    if (e->event.kind == EventKind::message && e->event.speaker == Speaker::customer && e->conversation == conversation)
      reply(e->event.client_id);
  }
}

}  // namespace duet::bench
