// Draws the toolbar icons (public/icon/{16,32,48,128}.png): a speech bubble with a check mark.
// Run once after changing the design: `node scripts/make-icons.mjs`. No image library needed.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const png = (size, pixel) => {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size, 1 / size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

// Signed distances (negative inside), in units of the icon's width.
const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x, y, ax, ay, bx, by) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
};
const tail = (x, y) => Math.max(segment(x, y, 0.3, 0.7, 0.24, 0.86) - 0.07, -1);

const BLUE = [9, 105, 218];
const WHITE = [255, 255, 255];
const pixel = (x, y, px) => {
  const cover = (d) => Math.max(0, Math.min(1, 0.5 - d / px));
  const bubble = Math.min(roundedBox(x, y, 0.5, 0.44, 0.42, 0.33, 0.14), tail(x, y));
  const check = Math.min(segment(x, y, 0.3, 0.45, 0.44, 0.58), segment(x, y, 0.44, 0.58, 0.7, 0.3)) - 0.055;
  const inBubble = cover(bubble);
  const inCheck = cover(check) * inBubble;
  const [r, g, b] = BLUE.map((c, i) => Math.round(c * (1 - inCheck) + WHITE[i] * inCheck));
  return [r, g, b, Math.round(255 * inBubble)];
};

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icon/${size}.png`, png(size, pixel));
