// Draws images/icon.png (128x128): rising cost bars on a dark tile with a coin. No dependencies: the PNG is
// written with node:zlib. Run: node scripts/generate-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

function blend(x, y, [r, g, b], alpha) {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || alpha <= 0) return;
  const i = (y * SIZE + x) * 4;
  const a = Math.min(1, alpha);
  const under = pixels[i + 3] / 255;
  const out = a + under * (1 - a);
  for (const [k, c] of [[0, r], [1, g], [2, b]]) pixels[i + k] = Math.round((c * a + pixels[i + k] * under * (1 - a)) / (out || 1));
  pixels[i + 3] = Math.round(out * 255);
}

/** Coverage of a rounded rectangle at a pixel centre, antialiased over one pixel. */
function roundedRect(x0, y0, x1, y1, radius, color) {
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const dx = Math.max(x0 + radius - px, 0, px - (x1 - radius));
      const dy = Math.max(y0 + radius - py, 0, py - (y1 - radius));
      const distance = Math.hypot(dx, dy) - radius;
      blend(x, y, color, 0.5 - distance);
    }
  }
}

function disc(cx, cy, radius, color) {
  for (let y = Math.floor(cy - radius - 1); y <= cy + radius + 1; y++) {
    for (let x = Math.floor(cx - radius - 1); x <= cx + radius + 1; x++) blend(x, y, color, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy));
  }
}

roundedRect(4, 4, 124, 124, 22, [30, 41, 59]);
const bars = [[22, 78], [46, 62], [70, 42]];
for (const [x, top] of bars) roundedRect(x, top, x + 18, 104, 4, [52, 211, 153]);
disc(96, 38, 20, [251, 191, 36]);
disc(96, 38, 13, [245, 158, 11]);
roundedRect(93, 28, 99, 48, 2, [254, 243, 199]);

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function crc32(buffer) {
  let crc = -1;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return crc ^ -1;
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
