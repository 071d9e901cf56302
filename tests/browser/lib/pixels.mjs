// Reads screenshots' pixels in a blank page of the same browser (no PNG decoder in node_modules, and
// the widget's CSP is not in the way there), and lets the browser draw reference text in a DOM element.

// A page for the analysis; the caller closes it.
export async function pixelPage(browser) {
  const p = await browser.newPage();
  await p.goto('about:blank');
  return p;
}

// Ink of a PNG: the background is its most common colour; ink is what differs from it by more than
// `threshold` in some channel. `warm` counts ink that is yellow, orange or brown (emoji skin tones),
// which neither a blue nor a grey bubble nor its text antialiasing ever is.
export function ink(page, png, threshold = 70) {
  return page.evaluate(async ({b64, threshold}) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
    const c = new OffscreenCanvas(bmp.width, bmp.height), g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data, counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    let bg = 0, best = -1;
    for (const [k, n] of counts) if (n > best) { best = n; bg = k; }
    const br = bg >> 16, bgg = (bg >> 8) & 255, bb = bg & 255;
    let count = 0, warm = 0, minX = 1e9, maxX = -1, minY = 1e9, maxY = -1;
    const rows = new Array(bmp.height).fill(null).map(() => ({min: 1e9, max: -1}));
    for (let y = 0; y < bmp.height; ++y) for (let x = 0; x < bmp.width; ++x) {
      const i = 4 * (y * bmp.width + x), r = d[i], gr = d[i + 1], b = d[i + 2];
      if (Math.max(Math.abs(r - br), Math.abs(gr - bgg), Math.abs(b - bb)) <= threshold) continue;
      ++count;
      if (r > b + 60 && gr > b + 15) ++warm;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      rows[y].min = Math.min(rows[y].min, x); rows[y].max = Math.max(rows[y].max, x);
    }
    return {width: bmp.width, height: bmp.height, count, warm, minX, maxX, minY, maxY,
            inkWidth: maxX >= 0 ? maxX - minX + 1 : 0, rows};
  }, {b64: png.toString('base64'), threshold});
}

// The browser drawing `text` in a DOM element, dark on white, at the canvas's body size: the
// reference a message drawn by the canvas should look like (the fonts the canvas falls back to for
// what the UI font lacks, same shaping).
export async function referencePng(page, text, px = 15) {
  await page.setContent(`<div id="t" style="display:inline-block;padding:6px;background:#fff;color:#000;` +
                        `font:${px}px 'Noto Color Emoji',system-ui,sans-serif;white-space:nowrap"></div>`);
  await page.evaluate((s) => { document.getElementById('t').textContent = s; }, text);
  return page.locator('#t').screenshot();
}
