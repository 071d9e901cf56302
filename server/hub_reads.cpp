// Hub: the store's synchronous reads, off the hub's lock. Under the lock an operation decides what it
// needs (a resume's revocation time and conversation, an agent's token, a conversation an agent names
// that left memory); the read runs on the read pool; the operation then runs again under the lock with
// what was read, preferring what is in memory (another session may have loaded or changed it
// meanwhile). The session's later frames wait behind it, so they are handled after its answer, in order.
#include "server/hub.hpp"
#include "server/log.hpp"

namespace duet::server {

void Hub::settle() { reads_.wait_idle(); }

void Hub::read_then(SessionId s, std::function<Continuation()> read) {
  held_[s].reading = true;
  reads_.submit([this, s, read = std::move(read)] {
    Continuation next;
    try {
      next = read();
    } catch (const std::exception& e) {
      log::error("store_read_failed", {{"error", e.what()}});
      next = [this, s](Txn& t) {
        send_error(t, s, proto::ErrorCode::internal, "the server could not read its store; reconnect shortly");
        close(t, s, close_code::try_later, "store unavailable");
      };
    }
    locked([&](Txn& t) {
      auto it = held_.find(s);
      if (it == held_.end()) return;  // the session closed meanwhile
      it->second.reading = false;
      next(t);
      release_held(t, s);
    });
  });
}

void Hub::hold(SessionId s, Continuation frame) {
  Held& h = held_.at(s);
  if (h.full) return;  // never acked: the client sends it again after reconnecting
  if (h.frames.size() >= config_.limits.held_frames) {
    // After the answers to what it held: a client that floods while it waits does not grow memory.
    h.full = true;
    frame = [this, s](Txn& t) {
      send_error(t, s, proto::ErrorCode::rate_limited, "too many messages while the server was reading for this connection");
      close(t, s, close_code::try_later, "too many frames while loading");
    };
  }
  h.frames.push_back(std::move(frame));
}

void Hub::release_held(Txn& t, SessionId s) {
  for (auto it = held_.find(s); it != held_.end(); it = held_.find(s)) {
    if (it->second.reading) return;  // a held frame started a read of its own: the rest wait for it
    if (it->second.frames.empty()) {
      held_.erase(it);
      return;
    }
    Continuation frame = std::move(it->second.frames.front());
    it->second.frames.pop_front();
    frame(t);
  }
}

void Hub::read_resume(SessionId s, const proto::Hello& h, const std::string& conversation) {
  const bool in_memory = loaded(conversation) != nullptr;
  read_then(s, [this, s, h, conversation, in_memory]() -> Continuation {
    auto read = std::make_shared<ResumeRead>();
    read->valid_from = store_.resume_tokens_valid_from(conversation);
    if (!in_memory) {
      read->looked_up = true;
      read->stored = store_.load_conversation(conversation);
      if (read->stored) read->earlier = read_earlier(*read->stored);
    }
    return [this, s, h, read](Txn& t) {
      auto it = customer_sessions_.find(s);
      if (it != customer_sessions_.end() && it->second.conversation.empty()) on_hello(t, s, it->second, h, read.get());
    };
  });
}

void Hub::read_agent_token(SessionId s, const proto::AgentHello& h, const std::string& hash) {
  read_then(s, [this, s, h, hash]() -> Continuation {
    auto row = std::make_shared<const std::optional<AgentRow>>(store_.agent_by_token_hash(hash));
    return [this, s, h, row](Txn& t) {
      auto it = agent_sessions_.find(s);
      if (it != agent_sessions_.end() && it->second.agent_id.empty()) on_agent_hello(t, s, it->second, h, row.get());
    };
  });
}

void Hub::read_named_conversation(SessionId s, const proto::Message& m, const std::string& conversation) {
  read_then(s, [this, s, m, conversation]() -> Continuation {
    auto stored = std::make_shared<std::optional<StoredConversation>>(store_.load_conversation(conversation));
    auto earlier = *stored ? read_earlier(**stored) : Earlier{};
    return [this, s, m, conversation, stored, earlier](Txn& t) {
      if (*stored && !loaded(conversation)) install(std::move(**stored), earlier);
      on_agent_frame(t, s, m, /*store_checked=*/true);
    };
  });
}

}  // namespace duet::server
