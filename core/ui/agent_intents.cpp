#include "ui/agent_intents.hpp"

namespace duet::ui {

void apply(AgentSession& s, const AgentIntents& intents, TimeMs now) {
  using K = AgentIntent::Kind;
  for (const auto& i : intents) {
    switch (i.kind) {
      case K::sign_in: s.sign_in(i.text, now); break;
      case K::sign_out: s.sign_out(); break;
      case K::set_status: s.set_status(i.flag, i.number); break;
      case K::accept: s.accept(i.conversation); break;
      case K::say: s.say(i.conversation, i.text, now); break;
      case K::note: s.note(i.conversation, i.text, now); break;
      case K::return_to_ai: s.return_to_ai(i.conversation); break;
      case K::transfer: s.transfer(i.conversation, i.text, i.text2); break;
      case K::resolve: s.resolve(i.conversation); break;
      case K::select: s.select(i.conversation); break;
      case K::close_tab: s.close_tab(i.conversation); break;
      case K::offers_seen: s.offers_seen(); break;
      case K::typing: s.set_typing(i.conversation, i.flag); break;
    }
  }
}

}  // namespace duet::ui
