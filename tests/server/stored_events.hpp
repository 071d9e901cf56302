#pragma once
// Events as the store tests write them: a customer message at `seq`, stamped 1000 + seq, with client
// id "m<seq>".
#include <string>

#include "model/types.hpp"

namespace duet::test {

inline Event customer_message(Seq seq, std::string text) {
  Event e;
  e.kind = EventKind::message;
  e.speaker = Speaker::customer;
  e.seq = seq;
  e.at = 1000 + seq;
  e.text = std::move(text);
  e.client_id = "m" + std::to_string(seq);
  return e;
}

}  // namespace duet::test
