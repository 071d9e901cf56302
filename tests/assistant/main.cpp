// duet-assistant-eval: every labelled message and dialogue in tests/assistant/ through a real
// duet-server on 127.0.0.1 (in-process, as the loopback tests start it), with a human agent signed
// in so that queueing shows as waiting_human with its reason. Prints precision and recall per
// category and every miss; exits 1 when a floor in floors.json is not met.
//
//   duet-assistant-eval [--data DIR] [--floors FILE] [--markdown FILE] [--jobs N]
//   duet-assistant-eval --self-test      (the scoring and floor logic on made-up outcomes)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cases.hpp"
#include "live_conversation.hpp"
#include "live_server.hpp"
#include "report.hpp"
#include "scoring.hpp"

using namespace duet;
using namespace duet::eval;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

server::Config eval_config() {
  server::Config c = test::loopback_config();
  c.sites.front().languages = {"en", "sv", "de"};
  // Loopback and one client: the per-IP limits must never shape the result.
  c.limits.connections_per_ip = 1000;
  c.limits.ip_messages_per_s = 100000;
  c.limits.ip_burst = 100000;
  return c;
}

// Signs a human in, available, who speaks every language and has every routed skill.
std::unique_ptr<test::WsClient> sign_in_agent(test::LiveServer& s) {
  const std::string token = s.add_agent("Eval", {"en", "sv", "de"}, {"fraud", "dispute"});
  auto a = s.agent();
  a->send(proto::AgentHello{token});
  if (!a->wait_for<proto::AgentWelcome>()) throw std::runtime_error("the agent got no agent_welcome");
  a->send(proto::Status{true, 3});
  return a;
}

std::vector<Outcome> run_case(unsigned short port, const Case& c) {
  std::vector<Outcome> out;
  auto record = [&](std::size_t i, const TurnResult& r) {
    const TurnCase& t = c.turns[i];
    out.push_back({c.id, c.lang, t.text, t.expect, r.label, t.offer, r.offer, t.state, r.state, c.dialogue,
                   static_cast<int>(i)});
  };
  try {
    LiveConversation conv(port, c.lang, c.context_json);
    for (std::size_t i = 0; i < c.turns.size(); ++i) record(i, conv.say(c.turns[i].text));
  } catch (const std::exception&) {
    // No welcome or a dropped connection: the remaining turns are misses.
    for (std::size_t i = out.size(); i < c.turns.size(); ++i) record(i, {"timeout", false, ""});
  }
  return out;
}

std::vector<Outcome> run_all(unsigned short port, const std::vector<Case>& cases, int jobs) {
  std::vector<std::vector<Outcome>> per_case(cases.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int j = 0; j < jobs; ++j)
    workers.emplace_back([&] {
      for (std::size_t i; (i = next++) < cases.size();) per_case[i] = run_case(port, cases[i]);
    });
  for (auto& w : workers) w.join();
  std::vector<Outcome> all;
  for (auto& v : per_case) all.insert(all.end(), v.begin(), v.end());
  return all;
}

int self_test() {
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    if (!ok) ++failures, std::printf("FAILED: %s\n", what);
  };
  auto o = [](std::string expected, std::string got, std::optional<bool> offer = {}, bool got_offer = false) {
    Outcome x;
    x.case_id = "t", x.lang = "en", x.expected = std::move(expected), x.got = std::move(got);
    x.expected_offer = offer, x.got_offer = got_offer;
    return x;
  };
  const std::vector<Outcome> outcomes{
      o("answer:fees", "answer:fees"), o("answer:fees", "answer:due-date"),  // a wrong article
      o("act:unsure", "act:unsure", true, false),                            // the offer is missing
      o("act:greeting", "act:greeting"), o("queue:fraud", "act:unsure")};
  const auto s = score(outcomes);
  expect(s.at("answer").support == 2 && s.at("answer").predicted == 2 && s.at("answer").hits == 1,
         "a wrong article counts against answer precision and recall");
  expect(s.at("act:unsure").hits == 0 && s.at("act:unsure").predicted == 2, "a missing offer is a miss");
  expect(*s.at("queue:fraud").recall() == 0.0 && s.at("queue:fraud").precision() == 0.0,
         "nothing predicted for an expected category: precision 0");
  expect(!s.at("act:greeting").precision() || *s.at("act:greeting").precision() == 1.0, "greeting exact");
  expect(floor_failures(s, parse_floors(R"({"default":{"precision":0.0,"recall":0.0}})")).empty(),
         "zero floors pass");
  const auto f = floor_failures(s, parse_floors(R"({"default":{"precision":0,"recall":0},
      "categories":{"answer":{"recall":0.6},"act:greeting":{"precision":1.0,"recall":1.0}}})"));
  expect(f.size() == 1 && f[0].rfind("answer recall", 0) == 0, "a category below its floor fails, the others pass");
  expect(floor_failures(s, parse_floors(R"({"default":{"recall":0.9}})")).size() == 3,
         "the default floor applies to every category with support");
  expect(floor_failures(score({o("act:thanks", "timeout")}), parse_floors(R"({"default":{"precision":1}})")).size() == 1,
         "a category only predicted is not held to the default floor");
  std::printf(failures ? "self-test: %d failed\n" : "self-test: ok\n", failures);
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = DUET_ASSISTANT_DIR, floors_path, markdown_path;
  int jobs = 6;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--self-test") return self_test();
    if (a == "--data") data = value();
    else if (a == "--floors") floors_path = value();
    else if (a == "--markdown") markdown_path = value();
    else if (a == "--jobs") jobs = std::max(1, std::stoi(value()));
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  try {
    if (floors_path.empty()) floors_path = data + "/floors.json";
    const Floors floors = parse_floors(read_file(floors_path));
    auto cases = load_messages(data + "/messages.jsonl");
    const auto dialogues = load_dialogues(data + "/dialogues.jsonl");
    RunInfo info;
    info.messages = static_cast<int>(cases.size());
    info.dialogues = static_cast<int>(dialogues.size());
    for (const Case& d : dialogues) info.dialogue_turns += static_cast<int>(d.turns.size());
    cases.insert(cases.end(), dialogues.begin(), dialogues.end());
    if (const auto bad = unknown_articles(cases, DUET_KB_DIR); !bad.empty())
      throw std::runtime_error("labels name articles missing from that language's KB: " + bad.front() +
                               (bad.size() > 1 ? " (and " + std::to_string(bad.size() - 1) + " more)" : ""));

    test::LiveServer server(eval_config());
    auto agent = sign_in_agent(server);
    const auto start = std::chrono::steady_clock::now();
    const auto outcomes = run_all(server.port, cases, jobs);
    info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::cout << text_report(outcomes, info);
    if (!markdown_path.empty()) std::ofstream(markdown_path) << markdown_report(outcomes, info);
    const auto failed = floor_failures(score(outcomes), floors);
    for (const std::string& f : failed) std::cout << "BELOW FLOOR: " << f << "\n";
    std::cout << (failed.empty() ? "all floors met\n" : "floors not met\n");
    return failed.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "duet-assistant-eval: %s\n", e.what());
    return 2;
  }
}
