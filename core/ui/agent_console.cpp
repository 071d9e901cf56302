#include "ui/agent_console.hpp"

#include <algorithm>

#include "ui/agent_format.hpp"
#include "ui/agent_parts.hpp"

namespace duet::ui {

AgentIntents draw_agent_console(const AgentViewModel& vm, AgentUiState& ui, ViewContext& ctx, TimeMs now,
                                AgentConsoleArea area) {
  AgentIntents out;
  static const Theme fallback = Theme::make(kDefaultBrand, false);
  if (!ctx.theme) ctx.theme = &fallback;
  agent::Ctx c{vm, ui, ctx, *ctx.theme, now, out};
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, agent::col(c.theme.background));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##duet_agent_console", nullptr, flags)) {
    if (ctx.fonts.body) ImGui::PushFont(ctx.fonts.body);
    if (vm.sign_in == SignIn::signed_in) {
      agent::draw_top_bar(c);
      agent::draw_sidebar(c);
      ImGui::SameLine(0, 0);
      agent::draw_conversation(c);
    } else {
      agent::draw_sign_in(c);
    }
    if (ctx.fonts.body) ImGui::PopFont();
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  return out;
}

namespace agent {

void draw_sign_in(Ctx& c) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = std::min(380.0f, avail.x - 32.0f);
  ImGui::SetCursorPos(ImVec2((avail.x - w) * 0.5f, std::max(24.0f, avail.y * 0.2f)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20, 20));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, col(c.theme.surface));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 14.0f);
  ImGui::BeginChild("##sign_in", ImVec2(w, 260), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  label(c, "Duet agent console", c.theme.text, title_font(c), "agent_heading", Role::heading);
  ImGui::PushStyleColor(ImGuiCol_Text, col(c.theme.muted));
  ImGui::TextWrapped("Sign in with the token your operator gave you (duet-server add-agent).");
  ImGui::PopStyleColor();
  ImGui::Spacing();
  const float iw = ImGui::GetContentRegionAvail().x;
  bool enter = text_field(c.vc, agent_ids::token, "Agent token", c.ui.token, ImVec2(iw, ImGui::GetFrameHeight() + 4), false,
                          agent_ids::sign_in);  // web: Enter in the field signs in
  ImGui::Spacing();
  const bool busy = c.vm.sign_in == SignIn::signing_in;
  bool click = action(c, agent_ids::sign_in, busy ? "Signing in..." : "Sign in", ButtonStyle::primary, iw,
                      busy ? "disabled" : "", "Sign in");
  if ((enter || click) && !busy) c.emit(AgentIntent::Kind::sign_in, {}, c.ui.token.text);
  if (c.vm.sign_in == SignIn::rejected || c.vm.last_error) {
    std::string msg = c.vm.last_error ? c.vm.last_error->message : "That token was not accepted.";
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.78f, 0.12f, 0.12f, 1));
    ImGui::TextWrapped("%s", msg.c_str());
    ImGui::PopStyleColor();
    record_item(c, Role::status, "agent_sign_in_error", msg);
  }
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

void draw_top_bar(Ctx& c) {
  const float h = ImGui::GetFrameHeight() + 16;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, col(c.theme.surface));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 8));
  ImGui::BeginChild("##top_bar", ImVec2(0, h), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
  ImGui::AlignTextToFramePadding();
  label(c, c.vm.name.empty() ? "Agent" : c.vm.name, c.theme.text, title_font(c));
  record_item(c, Role::heading, "agent_name", "Signed in as " + c.vm.name);

  // Connection: say plainly when replies are held back.
  ImGui::SameLine(0, 14);
  std::string conn;
  ImU32 dot = IM_COL32(40, 170, 90, 255);
  switch (c.vm.connection) {
    case Connection::online: conn = "Online"; break;
    case Connection::connecting: conn = "Connecting..."; dot = IM_COL32(220, 160, 0, 255); break;
    case Connection::reconnecting: {
      int s = static_cast<int>(std::max<TimeMs>(0, (c.vm.reconnect_at - c.now + 999) / 1000));
      conn = "Reconnecting in " + std::to_string(s) + " s; replies are kept";
      dot = IM_COL32(220, 160, 0, 255);
      break;
    }
    case Connection::idle: conn = "Offline"; dot = IM_COL32(200, 60, 60, 255); break;
  }
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float fh = ImGui::GetFrameHeight();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 5, p.y + fh * 0.5f), 5.0f, dot);
  ImGui::Dummy(ImVec2(12, fh));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  label(c, conn, c.theme.muted, nullptr, "connection");

  // Availability and capacity, right-aligned.
  const std::string load = std::to_string(c.vm.assigned_count) + "/" + std::to_string(c.vm.capacity);
  const float right = ImGui::CalcTextSize("Available").x + ImGui::CalcTextSize("Capacity").x +
                      ImGui::CalcTextSize(load.c_str()).x + button_width("Sign out", 14) + 2 * fh + 120;
  ImGui::SameLine(std::max(ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 16, ImGui::GetWindowWidth() - right));
  auto status = [&](bool available, int capacity) {
    AgentIntent i;
    i.kind = AgentIntent::Kind::set_status;
    i.flag = available;
    i.number = capacity;
    c.out.push_back(i);
  };
  if (toggle(c, agent_ids::availability, "Available", c.vm.available, "Available for new customers"))
    status(!c.vm.available, c.vm.capacity);
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  label(c, "Capacity", c.theme.muted);
  ImGui::SameLine();
  if (action(c, "capacity_down", "-", ButtonStyle::secondary, fh, "", "Lower capacity"))
    status(c.vm.available, std::max(1, c.vm.capacity - 1));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  label(c, load, c.theme.text);
  record_item(c, Role::status, "capacity", std::to_string(c.vm.assigned_count) + " of " + std::to_string(c.vm.capacity) + " conversations");
  ImGui::SameLine();
  if (action(c, "capacity_up", "+", ButtonStyle::secondary, fh, "", "Raise capacity"))
    status(c.vm.available, c.vm.capacity + 1);
  ImGui::SameLine(0, 16);
  if (action(c, "sign_out", "Sign out", ButtonStyle::quiet)) c.emit(AgentIntent::Kind::sign_out);
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  if (c.vm.last_error && c.vm.last_error->code != proto::ErrorCode::unauthorized) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, col(c.theme.banner));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 4));
    ImGui::BeginChild("##error", ImVec2(0, ImGui::GetTextLineHeight() + 8), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    label(c, "Server: " + c.vm.last_error->message, c.theme.banner_text, nullptr, "server_error");
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  }
}

}  // namespace agent
}  // namespace duet::ui
