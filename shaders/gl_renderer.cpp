#include "shaders/gl_renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <GLES3/gl3.h>

#include "shaders/embedded_shaders.hpp"

namespace duet::gl {
namespace {

// The frame being rendered, for the rounded-image callbacks (they run inside render()).
struct FrameInfo {
  const Renderer* renderer = nullptr;
  int rounded_rect = -1, corner_radius = -1;
  ImVec2 origin, scale;
  float fb_height = 0;
};
FrameInfo g_frame;

unsigned compile(GLenum stage, const char* source, std::string& error) {
  const GLuint s = glCreateShader(stage);
  glShaderSource(s, 1, &source, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    error = std::string(stage == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader: " + log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

// Radius in the callback's data, in 1/16 logical pixels (a number, so nothing has to outlive the frame).
constexpr float kRadiusUnit = 16.0f;

// Starts rounding: the image is the draw command right after this one; its quad gives the rectangle.
void begin_rounded(const ImDrawList* list, const ImDrawCmd* cmd) {
  const ImDrawCmd* image = cmd + 1;
  if (image >= list->CmdBuffer.Data + list->CmdBuffer.Size || image->ElemCount == 0) return;
  ImVec2 lo(1e30f, 1e30f), hi(-1e30f, -1e30f);
  for (unsigned i = 0; i < image->ElemCount; ++i) {
    const ImVec2 p = list->VtxBuffer[static_cast<int>(image->VtxOffset + list->IdxBuffer[static_cast<int>(image->IdxOffset + i)])].pos;
    lo = ImVec2(std::min(lo.x, p.x), std::min(lo.y, p.y));
    hi = ImVec2(std::max(hi.x, p.x), std::max(hi.y, p.y));
  }
  const FrameInfo& f = g_frame;
  const float radius = static_cast<float>(reinterpret_cast<std::intptr_t>(cmd->UserCallbackData)) / kRadiusUnit;
  // Framebuffer pixels with y up, as gl_FragCoord.
  glUniform4f(f.rounded_rect, (lo.x - f.origin.x) * f.scale.x, f.fb_height - (hi.y - f.origin.y) * f.scale.y,
              (hi.x - f.origin.x) * f.scale.x, f.fb_height - (lo.y - f.origin.y) * f.scale.y);
  glUniform1f(f.corner_radius, radius * f.scale.x);
}

void end_rounded(const ImDrawList*, const ImDrawCmd*) { glUniform1f(g_frame.corner_radius, 0.0f); }

}  // namespace

bool Renderer::init(std::string& error) {
  const unsigned vs = compile(GL_VERTEX_SHADER, shaders::kUiVertex, error);
  const unsigned fs = vs ? compile(GL_FRAGMENT_SHADER, shaders::kUiFragment, error) : 0;
  if (!fs) {
    if (vs) glDeleteShader(vs);
    return false;
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetProgramInfoLog(program_, sizeof log, nullptr, log);
    error = std::string("shader program: ") + log;
    return false;
  }
  projection_ = glGetUniformLocation(program_, "u_projection");
  texture_ = glGetUniformLocation(program_, "u_texture");
  rounded_rect_ = glGetUniformLocation(program_, "u_rounded_rect");
  corner_radius_ = glGetUniformLocation(program_, "u_corner_radius");

  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ebo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  constexpr auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);

  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "duet_gl_renderer";
  return true;
}

Renderer::~Renderer() {
  if (font_texture_) glDeleteTextures(1, &font_texture_);
  if (ebo_) glDeleteBuffers(1, &ebo_);
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  if (program_) glDeleteProgram(program_);
}

void Renderer::upload_fonts(ImFontAtlas& atlas) {
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
  // White glyphs, premultiplied: every channel is the coverage.
  std::vector<unsigned char> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  for (std::size_t i = 0; i < static_cast<std::size_t>(w) * static_cast<std::size_t>(h); ++i)
    std::fill_n(rgba.begin() + static_cast<std::ptrdiff_t>(i * 4), 4, alpha[i]);
  if (!font_texture_) glGenTextures(1, &font_texture_);
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
  atlas.ClearTexData();  // the CPU copy is not needed again until the atlas is rebuilt
}

void Renderer::render(const ImDrawData* data) {
  const float fb_w = data->DisplaySize.x * data->FramebufferScale.x, fb_h = data->DisplaySize.y * data->FramebufferScale.y;
  if (fb_w <= 0 || fb_h <= 0) return;
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_SCISSOR_TEST);
  glViewport(0, 0, static_cast<GLsizei>(fb_w), static_cast<GLsizei>(fb_h));
  glUseProgram(program_);
  // Logical pixels (top-left origin) to clip space.
  const float l = data->DisplayPos.x, r = l + data->DisplaySize.x, t = data->DisplayPos.y, b = t + data->DisplaySize.y;
  const float projection[16] = {2 / (r - l), 0, 0, 0, 0, 2 / (t - b), 0, 0, 0, 0, -1, 0, (r + l) / (l - r), (t + b) / (b - t), 0, 1};
  glUniformMatrix4fv(projection_, 1, GL_FALSE, projection);
  glUniform1i(texture_, 0);
  glUniform1f(corner_radius_, 0.0f);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);
  g_frame = FrameInfo{this, rounded_rect_, corner_radius_, data->DisplayPos, data->FramebufferScale, fb_h};

  const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->VtxBuffer.Size) * static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                 list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->IdxBuffer.Size) * static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                 list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) glUniform1f(corner_radius_, 0.0f);
        else cmd.UserCallback(list, &cmd);
        continue;
      }
      const ImVec2 lo((cmd.ClipRect.x - origin.x) * scale.x, (cmd.ClipRect.y - origin.y) * scale.y);
      const ImVec2 hi((cmd.ClipRect.z - origin.x) * scale.x, (cmd.ClipRect.w - origin.y) * scale.y);
      if (hi.x <= lo.x || hi.y <= lo.y) continue;
      glScissor(static_cast<GLint>(lo.x), static_cast<GLint>(fb_h - hi.y), static_cast<GLsizei>(hi.x - lo.x),
                static_cast<GLsizei>(hi.y - lo.y));
      glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.TextureId)));
      // 16-bit indices and no base vertex (WebGL2 has none): ImGui splits lists at 64k vertices.
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(static_cast<std::uintptr_t>(cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
  }
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
  g_frame = FrameInfo{};
}

void add_rounded_image(ImDrawList& dl, ImTextureID texture, ImVec2 min, ImVec2 max, float radius, ImVec2 uv_min,
                       ImVec2 uv_max) {
  dl.AddCallback(begin_rounded, reinterpret_cast<void*>(static_cast<std::intptr_t>(radius * kRadiusUnit)));
  dl.AddImage(texture, min, max, uv_min, uv_max);
  dl.AddCallback(end_rounded, nullptr);
}

}  // namespace duet::gl
