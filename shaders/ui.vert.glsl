// ImGui's vertices: position in logical pixels, texture coordinate, colour (straight alpha).
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;

uniform mat4 u_projection;

out vec2 v_uv;
out vec4 v_colour;

void main() {
  v_uv = a_uv;
  v_colour = vec4(a_colour.rgb * a_colour.a, a_colour.a);  // premultiplied from here on
  gl_Position = u_projection * vec4(a_position, 0.0, 1.0);
}
