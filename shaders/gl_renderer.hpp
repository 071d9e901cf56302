#pragma once
// Draws ImGui's draw data with the shaders in this folder, for the widget and console (WebGL2) and
// the native harness (OpenGL 3.3 core): what ImGui's stock OpenGL3 backend did for us, without its
// GL loader, GLSL version table and state save/restore (nothing else draws in our contexts).
// Blending is premultiplied: every texture it is given must hold premultiplied colour.
#include <string>

#include <imgui.h>

namespace duet::gl {

class Renderer {
 public:
  // Call with the context current. On failure (a shader did not compile) says why in `error`.
  bool init(std::string& error);
  ~Renderer();

  // The font atlas as a premultiplied texture (its texture id is set in the atlas).
  void upload_fonts(ImFontAtlas& atlas);
  void render(const ImDrawData* data);

 private:
  unsigned program_ = 0, vao_ = 0, vbo_ = 0, ebo_ = 0, font_texture_ = 0;
  int projection_ = -1, texture_ = -1, rounded_rect_ = -1, corner_radius_ = -1;
};

// Draws `texture` over [min, max] with corners of `radius` logical pixels cut round by the fragment
// shader (anti-aliased), e.g. an image thumbnail. Needs a draw list rendered by gl::Renderer.
void add_rounded_image(ImDrawList& dl, ImTextureID texture, ImVec2 min, ImVec2 max, float radius,
                       ImVec2 uv_min = ImVec2(0, 0), ImVec2 uv_max = ImVec2(1, 1));

}  // namespace duet::gl
