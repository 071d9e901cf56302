// shaders/gl_renderer.cpp in a real GL 3.3 core context (run under Xvfb): premultiplied blending of
// ImGui's shapes and images, and the rounded corners the fragment shader cuts for image thumbnails.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <catch2/catch.hpp>
#include <imgui.h>

#include "shaders/gl_renderer.hpp"

namespace {

constexpr int kSize = 200;

struct Pixel { int r, g, b; };

// One frame of `draw` into a black kSize x kSize framebuffer; returns its pixels (top row first).
template <typename Draw>
std::vector<std::uint8_t> render(duet::gl::Renderer& renderer, Draw draw) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(kSize, kSize);
  io.DeltaTime = 1.0f / 60;
  ImGui::NewFrame();
  draw(*ImGui::GetForegroundDrawList());
  ImGui::Render();
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  renderer.render(ImGui::GetDrawData());
  std::vector<std::uint8_t> px(kSize * kSize * 4);
  glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  return px;
}

Pixel at(const std::vector<std::uint8_t>& px, int x, int y) {  // y from the top
  const std::size_t i = (static_cast<std::size_t>(kSize - 1 - y) * kSize + static_cast<std::size_t>(x)) * 4;
  return Pixel{px[i], px[i + 1], px[i + 2]};
}

struct Window {
  GLFWwindow* w = nullptr;
  Window() {
    REQUIRE(glfwInit());
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    w = glfwCreateWindow(kSize, kSize, "gl_renderer test", nullptr, nullptr);
    REQUIRE(w);
    glfwMakeContextCurrent(w);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
  }
  ~Window() {
    ImGui::DestroyContext();
    glfwDestroyWindow(w);
    glfwTerminate();
  }
};

GLuint solid_texture(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
  std::vector<std::uint8_t> px(16 * 16 * 4);
  for (std::size_t i = 0; i < px.size(); i += 4) {
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
    px[i + 3] = a;
  }
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 16, 16, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  return t;
}

ImTextureID id(GLuint t) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t)); }

}  // namespace

TEST_CASE("the renderer draws ImGui's shapes, premultiplied images and rounded image corners") {
  Window window;
  duet::gl::Renderer renderer;
  std::string error;
  INFO(error);
  REQUIRE(renderer.init(error));
  renderer.upload_fonts(*ImGui::GetIO().Fonts);

  SECTION("a filled rectangle with half alpha blends over the background") {
    auto px = render(renderer, [](ImDrawList& dl) { dl.AddRectFilled(ImVec2(10, 10), ImVec2(50, 50), IM_COL32(255, 0, 0, 128)); });
    const Pixel in = at(px, 30, 30), out = at(px, 70, 70);
    CHECK(in.r == Approx(128).margin(2));
    CHECK(in.g == 0);
    CHECK(out.r == 0);
  }

  SECTION("a premultiplied image: half-transparent white adds half white") {
    const GLuint t = solid_texture(128, 128, 128, 128);
    auto px = render(renderer, [&](ImDrawList& dl) { dl.AddImage(id(t), ImVec2(0, 0), ImVec2(100, 100)); });
    CHECK(at(px, 50, 50).g == Approx(128).margin(2));
    glDeleteTextures(1, &t);
  }

  SECTION("add_rounded_image cuts the corners, anti-aliased, and nothing else") {
    const GLuint t = solid_texture(255, 255, 255, 255);
    auto px = render(renderer, [&](ImDrawList& dl) {
      duet::gl::add_rounded_image(dl, id(t), ImVec2(20, 20), ImVec2(180, 180), 40);
      dl.AddImage(id(t), ImVec2(0, 190), ImVec2(10, 200));  // a plain image after it: square again
    });
    CHECK(at(px, 100, 100).r == 255);  // the middle
    CHECK(at(px, 100, 21).r == 255);   // the middle of an edge
    CHECK(at(px, 21, 21).r == 0);      // a corner, outside the 40 px radius
    CHECK(at(px, 178, 178).r == 0);
    CHECK(at(px, 20 + 12, 20 + 12).r > 100);  // inside the curve (12, 12 from the corner: 45 deg at r 40)
    // Anti-aliased: somewhere along the diagonal a pixel is neither black nor white.
    bool partial = false;
    for (int d = 0; d < 30; ++d) {
      const int v = at(px, 20 + d, 20 + d).r;
      partial = partial || (v > 10 && v < 245);
    }
    CHECK(partial);
    CHECK(at(px, 0, 199).r == 255);  // the plain image keeps its corner
    glDeleteTextures(1, &t);
  }
}
