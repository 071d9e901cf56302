#pragma once
// The GLSL in shaders/*.glsl, embedded at build time (shaders/CMakeLists.txt): each stage is the
// platform's prelude ("#version 300 es" and precision for WebGL2, "#version 330 core" for the
// native harness) followed by the one source both platforms share.
namespace duet::shaders {

extern const char* const kUiVertex;
extern const char* const kUiFragment;

}  // namespace duet::shaders
