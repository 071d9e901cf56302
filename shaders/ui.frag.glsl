// Every texture holds premultiplied colour: the font atlas (white, so colour = coverage), the text
// atlas pages (coloured glyphs and colour emoji, composited over each other) and images. Blending is
// ONE, ONE_MINUS_SRC_ALPHA, so emoji edges keep their colour instead of darkening.
uniform sampler2D u_texture;

// Image thumbnails: the rectangle (framebuffer pixels: x0, y0, x1, y1) whose corners are rounded
// with radius u_corner_radius, anti-aliased over one pixel. Radius 0: no rounding.
uniform vec4 u_rounded_rect;
uniform float u_corner_radius;

in vec2 v_uv;
in vec4 v_colour;
out vec4 o_colour;

// Signed distance from p to a rectangle with rounded corners (negative inside).
float rounded_rect_distance(vec2 p, vec4 rect, float radius) {
  vec2 half_size = (rect.zw - rect.xy) * 0.5;
  vec2 q = abs(p - (rect.xy + rect.zw) * 0.5) - half_size + vec2(radius);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - radius;
}

void main() {
  vec4 colour = v_colour * texture(u_texture, v_uv);
  if (u_corner_radius > 0.0)
    colour *= clamp(0.5 - rounded_rect_distance(gl_FragCoord.xy, u_rounded_rect, u_corner_radius), 0.0, 1.0);
  o_colour = colour;
}
