'use strict';
// The LZ4 *frame* format (what `Content-Encoding: lz4` means to ClickHouse,
// and what clickhouse-java speaks with client.use_http_compression=true).
// Responses are framed as stored (uncompressed) blocks; requests are decoded
// in full (linked or independent blocks; checksums are skipped, not verified).

const { lz4DecodeInto, CompressionError } = require('./chcompress');

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;
const rotl = (x, r) => ((x << r) | (x >>> (32 - r))) >>> 0;
const round = (acc, input) => Math.imul(rotl((acc + Math.imul(input, P2)) >>> 0, 13), P1) >>> 0;

/** XXH32 (used for the frame header checksum). */
function xxh32(buf, seed = 0) {
  const len = buf.length;
  let i = 0;
  let h;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) >>> 0;
    let v2 = (seed + P2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - P1) >>> 0;
    for (; i <= len - 16; i += 16) {
      v1 = round(v1, buf.readUInt32LE(i));
      v2 = round(v2, buf.readUInt32LE(i + 4));
      v3 = round(v3, buf.readUInt32LE(i + 8));
      v4 = round(v4, buf.readUInt32LE(i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = (seed + P5) >>> 0;
  }
  h = (h + len) >>> 0;
  for (; i + 4 <= len; i += 4) h = Math.imul(rotl((h + Math.imul(buf.readUInt32LE(i), P3)) >>> 0, 17), P4) >>> 0;
  for (; i < len; i++) h = Math.imul(rotl((h + Math.imul(buf[i], P5)) >>> 0, 11), P1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), P2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const MAGIC = 0x184d2204;
const BLOCK_MAX = 4 << 20;
const BLOCK_MAX_CODE = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

/** Frame `data` as LZ4 frame with stored blocks (FLG: v01, independent blocks; BD: 4 MiB). */
function encode(data) {
  const flg = 0x60;
  const bd = 0x70;
  const hc = (xxh32(Buffer.from([flg, bd])) >>> 8) & 0xff;
  const parts = [Buffer.from([0x04, 0x22, 0x4d, 0x18, flg, bd, hc])];
  for (let off = 0; off < data.length; off += BLOCK_MAX) {
    const chunk = data.subarray(off, Math.min(off + BLOCK_MAX, data.length));
    const size = Buffer.allocUnsafe(4);
    size.writeUInt32LE((chunk.length | 0x80000000) >>> 0); // high bit: stored block
    parts.push(size, chunk);
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/** Decode one or more concatenated LZ4 frames. */
function decode(src) {
  let out = Buffer.allocUnsafe(Math.max(1024, src.length * 3));
  let o = 0;
  let i = 0;
  const ensure = (n) => {
    if (o + n <= out.length) return;
    let cap = out.length * 2;
    while (cap < o + n) cap *= 2;
    const bigger = Buffer.allocUnsafe(cap);
    out.copy(bigger, 0, 0, o);
    out = bigger;
  };
  while (i < src.length) {
    if (src.length - i < 7) throw new CompressionError('Truncated LZ4 frame header');
    const magic = src.readUInt32LE(i);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) { // skippable frame
      i += 8 + src.readUInt32LE(i + 4);
      continue;
    }
    if (magic !== MAGIC) throw new CompressionError(`Bad LZ4 frame magic 0x${magic.toString(16)}`);
    const flg = src[i + 4];
    const bd = src[i + 5];
    if ((flg >>> 6) !== 1) throw new CompressionError('Unsupported LZ4 frame version');
    const blockChecksum = (flg & 0x10) !== 0;
    const contentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const dictId = (flg & 0x01) !== 0;
    const maxBlock = BLOCK_MAX_CODE[(bd >>> 4) & 7];
    if (!maxBlock) throw new CompressionError('Bad LZ4 frame block size');
    i += 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1; // + header checksum byte
    for (;;) {
      if (i + 4 > src.length) throw new CompressionError('Truncated LZ4 frame');
      const word = src.readUInt32LE(i);
      i += 4;
      if (word === 0) break;
      const stored = (word & 0x80000000) !== 0;
      const size = word & 0x7fffffff;
      if (i + size > src.length) throw new CompressionError('Truncated LZ4 block');
      ensure(stored ? size : maxBlock);
      if (stored) {
        src.copy(out, o, i, i + size);
        o += size;
      } else {
        o = lz4DecodeInto(src, i, i + size, out, o, o + maxBlock);
      }
      i += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) i += 4;
  }
  return out.subarray(0, o);
}

module.exports = { encode, decode, xxh32 };
