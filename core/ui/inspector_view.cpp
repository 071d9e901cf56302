#include "ui/inspector_view.hpp"

#include <algorithm>
#include <cstdio>

#include "ui/agent_format.hpp"
#include "ui/controls.hpp"

namespace duet::ui {
namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

void heading(ViewContext& ctx, const char* id, const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.theme->muted));
  if (ctx.fonts.small) ImGui::PushFont(ctx.fonts.small);
  ImGui::TextUnformatted(text);
  if (ctx.fonts.small) ImGui::PopFont();
  ImGui::PopStyleColor();
  record(ctx, Role::heading, id, text, "", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

std::string clock_text(TimeMs at) {
  const long long ms = at % 1000, s = (at / 1000) % 60, m = (at / 60000) % 60, h = (at / 3600000) % 24;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", h, m, s, ms);
  return buf;
}

const char* connection_text(Connection c) {
  switch (c) {
    case Connection::idle: return "idle";
    case Connection::connecting: return "connecting";
    case Connection::online: return "online";
    case Connection::reconnecting: return "reconnecting";
  }
  return "";
}

// The conversation's states as boxes with the legal transitions between them.
void draw_state_machine(const InspectorData& d, ViewContext& ctx, float width) {
  struct Node { State s; const char* name; float x, y; };
  const float bw = std::min(118.0f, (width - 30) / 3), bh = 30, gx = (width - 3 * bw) / 2, gy = 22;
  const Node nodes[] = {{State::ai, "ai", 0, 0},
                        {State::waiting_human, "waiting_human", bw + gx, 0},
                        {State::with_human, "with_human", 2 * (bw + gx), 0},
                        {State::offline, "offline", bw + gx, bh + gy},
                        {State::closed, "closed", 2 * (bw + gx), bh + gy}};
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Theme& t = *ctx.theme;
  auto centre = [&](int i) { return ImVec2(o.x + nodes[i].x + bw / 2, o.y + nodes[i].y + bh / 2); };
  auto arrow = [&](int a, int b, float bend) {
    ImVec2 p = centre(a), q = centre(b);
    p.y += bend;
    q.y += bend;
    dl->AddLine(p, q, t.border, 1.5f);
  };
  arrow(0, 1, -6);  // ai -> waiting_human
  arrow(1, 2, -6);  // waiting_human -> with_human
  arrow(2, 0, 8);   // with_human -> ai (returned)
  arrow(1, 3, 0);   // waiting_human -> offline
  arrow(2, 4, 0);   // with_human -> closed
  for (int i = 0; i < 5; ++i) {
    const bool current = d.has_conversation && nodes[i].s == d.state;
    const ImVec2 a(o.x + nodes[i].x, o.y + nodes[i].y), b(a.x + bw, a.y + bh);
    dl->AddRectFilled(a, b, current ? t.brand : t.surface, 8.0f);
    dl->AddRect(a, b, current ? t.brand : t.border, 8.0f, 0, current ? 2.0f : 1.0f);
    const ImVec2 ts = ImGui::CalcTextSize(nodes[i].name);
    dl->AddText(ImVec2(a.x + (bw - ts.x) / 2, a.y + (bh - ts.y) / 2), current ? t.on_brand : t.text, nodes[i].name);
    record(ctx, Role::status, std::string("state-") + nodes[i].name, nodes[i].name, current ? "current" : "", a, b);
  }
  ImGui::Dummy(ImVec2(width, 2 * bh + gy + 4));
}

}  // namespace

std::string_view to_string(Side s) { return s == Side::customer ? "customer" : "agent"; }

void InspectorData::add(FrameRecord r) {
  frames.push_back(std::move(r));
  while (frames.size() > max_frames) frames.pop_front();
}

void InspectorData::add_latency(int ms) {
  latencies_ms.push_back(ms);
  if (latencies_ms.size() > 200) latencies_ms.erase(latencies_ms.begin());
}

Latency latency_of(const std::vector<int>& samples) {
  Latency l;
  if (samples.empty()) return l;
  std::vector<int> s = samples;
  std::sort(s.begin(), s.end());
  l.last = samples.back();
  l.count = static_cast<int>(s.size());
  l.p50 = s[(s.size() - 1) / 2];
  l.p99 = s[std::min(s.size() - 1, static_cast<std::size_t>(static_cast<double>(s.size()) * 0.99))];
  return l;
}

InspectorIntents draw_inspector(const InspectorData& d, InspectorUi& ui, ViewContext& ctx, TimeMs now, ImVec2 pos,
                                ImVec2 size) {
  (void)now;
  InspectorIntents out;
  const Theme& t = *ctx.theme;
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, col(t.background));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::Begin("##duet_inspector", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (ctx.fonts.body) ImGui::PushFont(ctx.fonts.body);
  const float width = ImGui::GetContentRegionAvail().x;

  if (ctx.fonts.title) ImGui::PushFont(ctx.fonts.title);
  ImGui::TextUnformatted("Inspector");
  if (ctx.fonts.title) ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, col(t.muted));
  ImGui::TextUnformatted(d.server.c_str());
  ImGui::PopStyleColor();
  if (!d.scenario.empty()) {
    ImGui::TextWrapped("%s", d.scenario.c_str());
    record(ctx, Role::status, "scenario", d.scenario, "", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }

  heading(ctx, "state_machine", "STATE MACHINE");
  std::string conv = d.has_conversation ? "conversation " + d.conversation : "no conversation yet";
  ImGui::TextUnformatted(conv.c_str());
  draw_state_machine(d, ctx, width);

  heading(ctx, "network", "NETWORK");
  ImGui::Text("customer: %s   agent: %s", connection_text(d.customer), connection_text(d.agent));
  record(ctx, Role::status, "connections", std::string("customer ") + connection_text(d.customer) + ", agent " + connection_text(d.agent),
         "", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  const Latency l = latency_of(d.latencies_ms);
  ImGui::Text("say->ack latency: last %d ms, p50 %d ms, p99 %d ms (%d samples)", l.last, l.p50, l.p99, l.count);
  record(ctx, Role::status, "latency", "latency p50 " + std::to_string(l.p50) + " ms", "", ImGui::GetItemRectMin(),
         ImGui::GetItemRectMax());
  auto fault = [&](const char* id, const char* text) {
    return button(ctx, id, text, ImVec2(button_width(text, 10), ImGui::GetFrameHeight()), ButtonStyle::secondary);
  };
  if (fault("drop_customer", "Drop customer")) out.drop_customer = true;
  ImGui::SameLine();
  if (fault("drop_agent", "Drop agent")) out.drop_agent = true;
  ImGui::SameLine();
  if (fault("dup_customer", "Duplicate next (cust.)")) out.duplicate_customer = true;
  if (fault("dup_agent", "Duplicate next (agent)")) out.duplicate_agent = true;
  ImGui::SameLine();
  std::string delay = d.delay_ms ? "Delay " + std::to_string(d.delay_ms) + " ms (off)" : "Delay 800 ms";
  if (fault("delay", delay.c_str())) out.delay_ms = d.delay_ms ? 0 : 800;

  heading(ctx, "queue", "QUEUE");
  if (d.queue.empty()) ImGui::TextDisabled("empty");
  for (const auto& q : d.queue)
    ImGui::Text("#%d %s %s %s, waiting %s", q.entry.position, q.entry.conversation.c_str(), q.entry.language.c_str(),
                reason_label(q.entry.reason).c_str(), format_wait(q.wait_s(now)).c_str());

  heading(ctx, "frames", "FRAMES");
  ImGui::Checkbox("customer", &ui.show_customer);
  ImGui::SameLine();
  ImGui::Checkbox("agent", &ui.show_agent);
  ImGui::SameLine();
  ImGui::Checkbox("follow", &ui.follow);
  ImGui::BeginChild("##frames", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (ctx.fonts.small) ImGui::PushFont(ctx.fonts.small);
  for (const auto& f : d.frames) {
    if ((f.side == Side::customer && !ui.show_customer) || (f.side == Side::agent && !ui.show_agent)) continue;
    const ImU32 c = f.outgoing ? t.brand : (t.dark ? IM_COL32(120, 200, 140, 255) : IM_COL32(20, 120, 60, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, col(c));
    ImGui::Text("%s %s %s %-13s", clock_text(f.at).c_str(), f.side == Side::customer ? "C" : "A",
                f.outgoing ? "->" : "<-", f.type.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, col(f.injected ? IM_COL32(200, 60, 60, 255) : t.muted));
    ImGui::TextUnformatted(f.text.c_str());
    ImGui::PopStyleColor();
  }
  if (ui.follow && ui.seen != d.frames.size()) {
    ui.seen = d.frames.size();
    ImGui::SetScrollHereY(1.0f);
  }
  if (ctx.fonts.small) ImGui::PopFont();
  ImGui::EndChild();
  if (ctx.fonts.body) ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  return out;
}

}  // namespace duet::ui
