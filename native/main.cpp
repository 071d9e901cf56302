// duet-harness: the customer widget, an agent console and an inspector side by side against a real
// duet-server, interactive or running a scenario (headless under Xvfb, PNG screenshots).
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include "native/embedded_server.hpp"
#include "native/gl_capture.hpp"
#include "native/harness_app.hpp"
#include "native/png_writer.hpp"
#include "native/scenario.hpp"
#include "shaders/gl_renderer.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

using namespace duet;
using namespace duet::native;

namespace {

struct Args {
  std::string server;
  bool embedded = false;
  std::string scenario;
  bool headless = false;
  std::string screenshots;
  std::string token;
  std::string site = "demo";
  std::string locale = "en";
  bool dark = false;
  int width = 1560, height = 900;
  int timeout_s = 120;
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: duet-harness (--server URL | --embedded) [options]\n"
               "\n"
               "  --server URL        a running duet-server, e.g. http://127.0.0.1:8080\n"
               "  --embedded          start a server in this process on a free 127.0.0.1 port (temporary store,\n"
               "                      demo site and agent)\n"
               "  --token TOKEN       the agent's login token (duet-server add-agent prints one)\n"
               "  --site KEY          the customer widget's site key (default demo)\n"
               "  --locale L          the widget's locale: en, sv, de (default en)\n"
               "  --dark              dark theme\n"
               "  --size WxH          window size in logical pixels (default 1560x900)\n"
               "  --scenario FILE     run a scenario (JSON steps); exit 0 when it passes, 1 when it fails\n"
               "  --headless          no interaction: run the scenario and exit (use under xvfb-run -a)\n"
               "  --screenshots DIR   where the scenario's screenshot steps write PNG files\n"
               "  --timeout S         give up on a scenario after S seconds (default 120)\n"
               "\nScenario actions:");
  for (const auto& a : scenario_actions()) std::fprintf(out, " %s", a.c_str());
  std::fprintf(out, "\nSee docs/harness.md.\n");
}

bool parse_args(int argc, char** argv, Args& a, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) {
        error = k + " needs a value";
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string v;
    if (k == "--server") { if (!value(a.server)) return false; }
    else if (k == "--embedded") a.embedded = true;
    else if (k == "--scenario") { if (!value(a.scenario)) return false; }
    else if (k == "--headless") a.headless = true;
    else if (k == "--screenshots") { if (!value(a.screenshots)) return false; }
    else if (k == "--token") { if (!value(a.token)) return false; }
    else if (k == "--site") { if (!value(a.site)) return false; }
    else if (k == "--locale") { if (!value(a.locale)) return false; }
    else if (k == "--dark") a.dark = true;
    else if (k == "--size") {
      if (!value(v)) return false;
      if (std::sscanf(v.c_str(), "%dx%d", &a.width, &a.height) != 2 || a.width < 800 || a.height < 500 ||
          a.width > 8000 || a.height > 8000) {
        error = "--size is WxH, at least 800x500";
        return false;
      }
    } else if (k == "--timeout") {
      if (!value(v)) return false;
      a.timeout_s = std::atoi(v.c_str());
      if (a.timeout_s <= 0) {
        error = "--timeout is a number of seconds";
        return false;
      }
    } else if (k == "--help" || k == "-h") {
      usage(stdout);
      std::exit(0);
    } else {
      error = "unknown option " + k;
      return false;
    }
  }
  if (a.embedded == !a.server.empty()) {
    error = "give exactly one of --server URL and --embedded";
    return false;
  }
  if (a.headless && a.scenario.empty()) {
    error = "--headless runs a scenario: add --scenario FILE";
    return false;
  }
  return true;
}

std::vector<char> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  std::string error;
  if (!parse_args(argc, argv, args, error)) {
    std::fprintf(stderr, "duet-harness: %s\n\n", error.c_str());
    usage(stderr);
    return 2;
  }
  std::optional<Scenario> scenario;
  if (!args.scenario.empty()) {
    scenario = load_scenario(args.scenario, error);
    if (!scenario) {
      std::fprintf(stderr, "duet-harness: %s\n", error.c_str());
      return 2;
    }
  }
  if (!args.screenshots.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.screenshots, ec);
    if (ec) {
      std::fprintf(stderr, "duet-harness: cannot create %s: %s\n", args.screenshots.c_str(), ec.message().c_str());
      return 2;
    }
  }

  std::unique_ptr<EmbeddedServer> embedded;
  if (args.embedded) {
    embedded = EmbeddedServer::start(error);
    if (!embedded) {
      std::fprintf(stderr, "duet-harness: --embedded: %s\n", error.c_str());
      return 2;
    }
    args.server = embedded->url();
    if (args.token.empty()) args.token = embedded->agent_token();
    args.site = embedded->site();
    std::printf("duet-harness: embedded server on %s (site %s)\n", args.server.c_str(), args.site.c_str());
  }

  glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "glfw error %d: %s\n", code, what); });
  if (!glfwInit()) {
    std::fprintf(stderr, "duet-harness: cannot open a window (no display? run under xvfb-run -a)\n");
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(args.width, args.height, "Duet harness", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "duet-harness: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(args.headless ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  auto renderer = std::make_unique<gl::Renderer>();
  if (!renderer->init(error)) {
    std::fprintf(stderr, "duet-harness: %s\n", error.c_str());
    return 2;
  }

  UiQueue queue([] { glfwPostEmptyEvent(); });
  HarnessOptions options{args.server, args.site, args.token, args.locale, args.dark};
  auto app = std::make_unique<HarnessApp>(options, queue, wall_ms());
  if (!args.token.empty() && (args.embedded || scenario)) app->agent().set_status(true, 3);
  ui::apply_style(app->theme(), ImGui::GetStyle());
  std::unique_ptr<ui::PlatformText> platform_text = ui::make_platform_text();
  app->set_platform_text(platform_text.get());

  // The UI font at the window's pixel ratio (HiDPI: crisp text, same logical layout).
  std::vector<char> font = read_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  float ratio = 0;
  auto rebuild_fonts = [&] {
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window, &sx, &sy);
    int fbw = 0, winw = 0, h = 0;
    glfwGetFramebufferSize(window, &fbw, &h);
    glfwGetWindowSize(window, &winw, &h);
    const float r = winw > 0 ? static_cast<float>(fbw) / static_cast<float>(winw) : sx;
    if (r == ratio) return;
    ratio = r;
    app->set_fonts(ui::load_fonts(*io.Fonts, font.empty() ? nullptr : font.data(), font.size(), ratio));
    renderer->upload_fonts(*io.Fonts);
  };
  rebuild_fonts();

  std::unique_ptr<ScenarioRunner> runner;
  if (scenario) runner = std::make_unique<ScenarioRunner>(*scenario, *app, args.screenshots);
  const TimeMs deadline = wall_ms() + static_cast<TimeMs>(args.timeout_s) * 1000;
  int exit_code = 0;
  int settle = 3;  // frames still to draw (ImGui needs a few to settle after a change)

  while (!glfwWindowShouldClose(window)) {
    TimeMs now = wall_ms();
    if (runner) {
      glfwWaitEventsTimeout(0.01);  // scenarios poll: steps wait on the screen's content
    } else if (settle > 0) {
      glfwPollEvents();
    } else {
      // Render on demand: sleep until input, a network event (glfwPostEmptyEvent) or the next timer.
      auto wake = app->next_wakeup(now);
      double timeout = wake ? std::max(0.0, static_cast<double>(*wake - now) / 1000.0) : 3600.0;
      glfwWaitEventsTimeout(std::min(timeout, 3600.0));
      settle = 3;
    }
    now = wall_ms();
    if (app->pump(now)) settle = 3;
    rebuild_fonts();

    if (platform_text) platform_text->begin_frame(ratio);
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app->draw(io.DisplaySize.x, io.DisplaySize.y, now);
    ImGui::Render();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(window, &fbw, &fbh);
    clear_frame(fbw, fbh, app->theme().background);
    renderer->render(ImGui::GetDrawData());
    if (runner) {
      if (auto path = runner->screenshot_wanted()) {
        std::vector<std::uint8_t> pixels = read_back_buffer(fbw, fbh);
        std::string err;
        bool ok = write_png(*path, fbw, fbh, pixels, err);
        if (ok) std::printf("duet-harness: screenshot %s\n", path->c_str());
        runner->screenshot_taken(ok, err);
      }
      if (runner->capture_wanted())
        runner->frame_captured(read_back_buffer(fbw, fbh), fbw, fbh,
                               io.DisplaySize.x > 0 ? static_cast<float>(fbw) / io.DisplaySize.x : 1.0f);
    }
    glfwSwapBuffers(window);
    if (settle > 0) --settle;

    if (runner) {
      auto status = runner->advance(wall_ms());
      if (status == ScenarioRunner::Status::passed) {
        std::printf("duet-harness: PASS %s\n", scenario->name.c_str());
        exit_code = 0;
        if (args.headless) break;
        runner.reset();
      } else if (status == ScenarioRunner::Status::failed || wall_ms() > deadline) {
        for (const auto& l : runner->log()) std::fprintf(stderr, "  %s\n", l.c_str());
        std::fprintf(stderr, "duet-harness: FAIL %s: %s\n", scenario->name.c_str(),
                     status == ScenarioRunner::Status::failed ? runner->failure().c_str() : "timed out");
        exit_code = 1;
        if (args.headless) break;
        runner.reset();
      }
    }
  }

  app.reset();
  platform_text.reset();  // its textures, while the GL context is current
  renderer.reset();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  embedded.reset();
  return exit_code;
}
