#pragma once
// Small drawing helpers shared by the widget and the console: buttons and text fields that look like
// a product (no ImGui chrome) and record their semantics node as they draw.
#include <string>

#include <imgui.h>

#include "ui/view_context.hpp"

namespace duet::ui {

// `on_brand` and `quiet_on_brand` sit on the brand colour (the widget's header): their focus ring is
// drawn in the colour of text on the brand, since a ring in the brand colour would not show there.
enum class ButtonStyle { primary, secondary, on_brand, quiet, quiet_on_brand };

// Records a node with the rectangle [min, max) in logical pixels, clipped to what the current window
// shows (unless `clip` is false: transcript lines keep their whole rectangle, and the transcript's
// own node says what is visible). `text` is SemanticNode::text.
void record(ViewContext& ctx, Role role, std::string id, std::string label, std::string state,
            ImVec2 min, ImVec2 max, bool clip = true, std::string text = {});

// A rounded button of `size` at the cursor. Returns true when clicked or activated through the DOM.
// `text` is what is drawn; `label` is what a screen reader says (defaults to text).
bool button(ViewContext& ctx, const char* id, const char* text, ImVec2 size, ButtonStyle style,
            const std::string& state = {}, const char* label = nullptr);

// Width a button needs for `text` in the current font.
float button_width(const char* text, float padding = 16.0f);

// A text field box of `size`. Natively it is an ImGui input; with ctx.external_text only the box is
// drawn and the platform places a real text field over the recorded rectangle.
// Returns true when Enter was pressed (native only). On the web, Enter (without Shift, outside an IME
// composition) activates the button `submit_id`, recorded in the node's state as "submit:<id>".
bool text_field(ViewContext& ctx, const char* id, const char* hint, TextField& field, ImVec2 size,
                bool multiline, const char* submit_id = nullptr);

// Edits `field` with ImGui's own text input in a box of `size` at the cursor; true when Enter was
// pressed. Native builds get it from core/ui/text_edit_imgui.cpp. The web build defines its own
// (web/platform/web_platform.cpp): there a real DOM text field over the box is the editor, and the
// linker then never pulls ImGui's text editor into the download.
bool edit_text_in_place(const char* hint, TextField& field, ImVec2 size, bool multiline);

// Text wrapped to `width` drawn at `pos` with the current font; returns its size.
ImVec2 text_size(const char* text, float wrap_width);
void draw_text(ImDrawList* dl, ImVec2 pos, ImU32 colour, const char* text, float wrap_width);
// The same for text people wrote (messages): what the UI font cannot draw goes to ctx.text as one
// paragraph. `rtl` (optional) is set when the paragraph reads right to left.
ImVec2 text_size(const ViewContext& ctx, const std::string& text, float wrap_width, bool* rtl = nullptr);
void draw_text(const ViewContext& ctx, ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text, float wrap_width);

// A five-pointed star (ratings) drawn without relying on a glyph.
void draw_star(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour, bool filled);

}  // namespace duet::ui
