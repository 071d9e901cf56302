#pragma once
// What every view (widget and agent console) draws with and reports into, so the same view code
// runs in the browser, in the native harness and headless in tests.
#include <cstdint>
#include <string>

#include "ui/fonts.hpp"
#include "ui/platform_text.hpp"
#include "ui/semantics.hpp"
#include "ui/theme.hpp"

namespace duet::ui {

// A text field's content, owned by the view state. On the web the platform overlays a real
// <textarea> and writes what the customer types here; when the view changes the text itself (clears
// the composer after sending) it bumps `version` so the platform copies it back to the DOM.
struct TextField {
  std::string text;
  std::uint64_t version = 0;
  bool secret = false;  // a password-like value (the agent's token): masked on screen, never autofilled as text
  void set(std::string value) { text = std::move(value); ++version; }
};

struct ViewContext {
  Semantics* semantics = nullptr;  // filled by the views each frame
  const Theme* theme = nullptr;
  FontSet fonts;
  std::string activated;      // id pressed through the DOM mirror (keyboard, screen reader) this frame
  std::string focused;        // id that has keyboard focus in the DOM mirror, for the focus ring
  PlatformText* text = nullptr; // the platform's text for what the UI font cannot draw (none in headless tests)
  bool external_text = false; // true on the web: real DOM text fields sit over the boxes views draw
  double time_s = 0;          // for animations (typing dots)
  bool animating = false;     // out: something animates, render another frame soon
};

}  // namespace duet::ui
