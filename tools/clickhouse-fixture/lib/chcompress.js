'use strict';
// ClickHouse's own block compression framing, as used by the HTTP interface
// for `compress=1` (responses) and `decompress=1` (request bodies):
//
//   [16 B CityHash128 of the rest of the block: low64 LE, high64 LE]
//   [1 B method: 0x82 LZ4, 0x02 none, 0x90 ZSTD]
//   [4 B LE size of the block incl. these 9 header bytes]
//   [4 B LE uncompressed size]
//   [payload]
//
// Responses are written as LZ4 blocks that hold only literals: a valid LZ4
// block that every decoder (lz4-java included) accepts. It does not shrink
// anything, which is irrelevant on the loopback interface.

const { cityHash128 } = require('./cityhash');

const METHOD_NONE = 0x02;
const METHOD_LZ4 = 0x82;
const METHOD_ZSTD = 0x90;
const HEADER = 9;
const CHECKSUM = 16;
const MAX_BLOCK = 1 << 20; // ClickHouse's max_compress_block_size default

class CompressionError extends Error {
  constructor(message) {
    super(message);
    this.code = 271; // CANNOT_DECOMPRESS
  }
}

/** An LZ4 block made of one literal run. */
function lz4LiteralBlock(src) {
  const n = src.length;
  const ext = n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0;
  const out = Buffer.allocUnsafe(1 + ext + n);
  let o = 0;
  if (n >= 15) {
    out[o++] = 0xf0;
    let rest = n - 15;
    while (rest >= 255) { out[o++] = 255; rest -= 255; }
    out[o++] = rest;
  } else {
    out[o++] = n << 4;
  }
  src.copy(out, o);
  return out;
}

function frameBlock(method, payload, uncompressedSize) {
  const block = Buffer.allocUnsafe(CHECKSUM + HEADER + payload.length);
  block[CHECKSUM] = method;
  block.writeUInt32LE(HEADER + payload.length, CHECKSUM + 1);
  block.writeUInt32LE(uncompressedSize, CHECKSUM + 5);
  payload.copy(block, CHECKSUM + HEADER);
  const [lo, hi] = cityHash128(block, CHECKSUM, HEADER + payload.length);
  block.writeBigUInt64LE(lo, 0);
  block.writeBigUInt64LE(hi, 8);
  return block;
}

/** Frame `data` as a sequence of ClickHouse LZ4 blocks. */
function compress(data) {
  const blocks = [];
  for (let off = 0; off < data.length; off += MAX_BLOCK) {
    const chunk = data.subarray(off, Math.min(off + MAX_BLOCK, data.length));
    blocks.push(frameBlock(METHOD_LZ4, lz4LiteralBlock(chunk), chunk.length));
  }
  return Buffer.concat(blocks);
}

/**
 * Decode one raw LZ4 block src[start, end) into out at outPos; matches may
 * reach back into earlier output (linked blocks). Returns the new outPos.
 */
function lz4DecodeInto(src, start, end, out, outPos, limit = out.length) {
  let i = start;
  let o = outPos;
  while (i < end) {
    const token = src[i++];
    let lit = token >>> 4;
    if (lit === 15) {
      let b;
      do { b = src[i++]; lit += b; } while (b === 255 && i < end);
    }
    if (i + lit > end || o + lit > limit) throw new CompressionError('Corrupted LZ4 block: literal run overflows');
    src.copy(out, o, i, i + lit);
    i += lit;
    o += lit;
    if (i >= end) break; // last sequence has no match part
    const offset = src[i] | (src[i + 1] << 8);
    i += 2;
    if (offset === 0 || offset > o) throw new CompressionError('Corrupted LZ4 block: bad match offset');
    let len = token & 15;
    if (len === 15) {
      let b;
      do { b = src[i++]; len += b; } while (b === 255 && i < end);
    }
    len += 4;
    if (o + len > limit) throw new CompressionError('Corrupted LZ4 block: match overflows');
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset]; // may overlap
  }
  return o;
}

/** Decode one raw LZ4 block into a new buffer of exactly `size` bytes. */
function lz4DecodeBlock(src, start, end, size) {
  const dst = Buffer.allocUnsafe(size);
  const o = lz4DecodeInto(src, start, end, dst, 0);
  if (o !== size) throw new CompressionError(`Corrupted LZ4 block: got ${o} bytes, expected ${size}`);
  return dst;
}

/** Decode a request body framed in ClickHouse's compression blocks. */
function decompress(data) {
  const parts = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < CHECKSUM + HEADER) throw new CompressionError('Truncated compressed block header');
    const method = data[pos + CHECKSUM];
    const sizeWithHeader = data.readUInt32LE(pos + CHECKSUM + 1);
    const rawSize = data.readUInt32LE(pos + CHECKSUM + 5);
    const end = pos + CHECKSUM + sizeWithHeader;
    if (sizeWithHeader < HEADER || end > data.length) throw new CompressionError('Truncated compressed block');
    const [lo, hi] = cityHash128(data, pos + CHECKSUM, sizeWithHeader);
    if (lo !== data.readBigUInt64LE(pos) || hi !== data.readBigUInt64LE(pos + 8)) {
      throw new CompressionError('Checksum doesn\'t match: corrupted data');
    }
    const payloadStart = pos + CHECKSUM + HEADER;
    if (method === METHOD_LZ4) {
      parts.push(lz4DecodeBlock(data, payloadStart, end, rawSize));
    } else if (method === METHOD_NONE) {
      parts.push(data.subarray(payloadStart, end));
    } else if (method === METHOD_ZSTD) {
      throw new CompressionError('ZSTD-compressed request bodies are not supported by this fixture');
    } else {
      throw new CompressionError(`Unknown compression method: 0x${method.toString(16)}`);
    }
    pos = end;
  }
  return Buffer.concat(parts);
}

module.exports = { compress, decompress, lz4DecodeInto, lz4DecodeBlock, lz4LiteralBlock, CompressionError };
