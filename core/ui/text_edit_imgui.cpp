// ImGui's own text editing for text_field, in a file of its own: the web build replaces it (see
// controls.hpp) and must not pull anything else from here.
#include "ui/controls.hpp"

namespace duet::ui {
namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

}  // namespace

bool edit_text_in_place(const char* hint, TextField& field, ImVec2 size, bool multiline) {
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
  const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue |
                                    (multiline ? ImGuiInputTextFlags_CtrlEnterForNewLine : 0) |
                                    (field.secret ? ImGuiInputTextFlags_Password : 0);
  if (field.text.capacity() < 16) field.text.reserve(16);
  bool entered = false;
  if (multiline) {
    entered = ImGui::InputTextMultiline("##field", field.text.data(), field.text.capacity() + 1, size, flags,
                                        resize_callback, &field.text);
  } else {
    ImGui::SetNextItemWidth(size.x);
    entered = ImGui::InputTextWithHint("##field", hint, field.text.data(), field.text.capacity() + 1, flags,
                                       resize_callback, &field.text);
  }
  ImGui::PopStyleColor();
  return entered;
}

}  // namespace duet::ui
