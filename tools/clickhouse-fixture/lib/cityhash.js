'use strict';
// CityHash128 v1.0.2 — the variant ClickHouse uses for the checksums of its
// compressed-block framing (and which clickhouse-java verifies in
// ClickHouseLZ4InputStream). Newer CityHash releases changed the algorithm, so
// this is a straight port of the 1.0.2 reference code, on 64-bit BigInts.

const M = (1n << 64n) - 1n;
const k0 = 0xc3a5c85c97cb3127n;
const k1 = 0xb492b66fbe98f273n;
const k2 = 0x9ae16a3b2f90404fn;
const k3 = 0xc949d7c7509e6557n;
const kMul = 0x9ddfea08eb382d69n;

const u64 = (x) => x & M;
const mul = (a, b) => (a * b) & M;
const add = (a, b) => (a + b) & M;
const rot = (v, s) => (s === 0 ? v : ((v >> BigInt(s)) | (v << BigInt(64 - s))) & M);
const shiftMix = (v) => v ^ (v >> 47n);

function hash128to64(u, v) {
  let a = mul(u ^ v, kMul);
  a ^= a >> 47n;
  let b = mul(v ^ a, kMul);
  b ^= b >> 47n;
  return mul(b, kMul);
}

function hashLen0to16(buf, pos, len) {
  if (len > 8) {
    const a = buf.readBigUInt64LE(pos);
    const b = buf.readBigUInt64LE(pos + len - 8);
    return hash128to64(a, rot(add(b, BigInt(len)), len)) ^ b;
  }
  if (len >= 4) {
    const a = BigInt(buf.readUInt32LE(pos));
    return hash128to64(add(a << 3n, BigInt(len)), BigInt(buf.readUInt32LE(pos + len - 4)));
  }
  if (len > 0) {
    const a = buf[pos];
    const b = buf[pos + (len >>> 1)];
    const c = buf[pos + len - 1];
    const y = BigInt(a + (b << 8));
    const z = BigInt(len + (c << 2));
    return mul(shiftMix(mul(y, k2) ^ mul(z, k3)), k2);
  }
  return k2;
}

function weakHashLen32WithSeeds(buf, pos, a, b) {
  const w = buf.readBigUInt64LE(pos);
  const x = buf.readBigUInt64LE(pos + 8);
  const y = buf.readBigUInt64LE(pos + 16);
  const z = buf.readBigUInt64LE(pos + 24);
  a = add(a, w);
  b = rot(add(add(b, a), z), 21);
  const c = a;
  a = add(add(a, x), y);
  b = add(b, rot(a, 44));
  return [add(a, z), add(b, c)];
}

function cityMurmur(buf, pos, len, seed0, seed1) {
  let a = seed0;
  let b = seed1;
  let c;
  let d;
  let l = len - 16;
  if (l <= 0) {
    a = mul(shiftMix(mul(a, k1)), k1);
    c = add(mul(b, k1), hashLen0to16(buf, pos, len));
    d = shiftMix(add(a, len >= 8 ? buf.readBigUInt64LE(pos) : c));
  } else {
    c = hash128to64(add(buf.readBigUInt64LE(pos + len - 8), k1), a);
    d = hash128to64(add(b, BigInt(len)), add(c, buf.readBigUInt64LE(pos + len - 16)));
    a = add(a, d);
    do {
      a ^= mul(shiftMix(mul(buf.readBigUInt64LE(pos), k1)), k1);
      a = mul(a, k1);
      b ^= a;
      c ^= mul(shiftMix(mul(buf.readBigUInt64LE(pos + 8), k1)), k1);
      c = mul(c, k1);
      d ^= c;
      pos += 16;
      l -= 16;
    } while (l > 0);
  }
  a = hash128to64(a, c);
  b = hash128to64(d, b);
  return [a ^ b, hash128to64(b, a)];
}

function cityHash128WithSeed(buf, pos, len, seed0, seed1) {
  if (len < 128) return cityMurmur(buf, pos, len, seed0, seed1);
  let x = seed0;
  let y = seed1;
  let z = mul(k1, BigInt(len));
  let v0 = add(mul(rot(y ^ k1, 49), k1), buf.readBigUInt64LE(pos));
  let v1 = add(mul(rot(v0, 42), k1), buf.readBigUInt64LE(pos + 8));
  let w0 = add(mul(rot(add(y, z), 35), k1), x);
  let w1 = mul(rot(add(x, buf.readBigUInt64LE(pos + 88)), 53), k1);
  let t;
  do {
    for (let round = 0; round < 2; round++) {
      x = mul(rot(add(add(add(x, y), v0), buf.readBigUInt64LE(pos + 16)), 37), k1);
      y = mul(rot(add(add(y, v1), buf.readBigUInt64LE(pos + 48)), 42), k1);
      x ^= w1;
      y ^= v0;
      z = rot(z ^ w0, 33);
      [v0, v1] = weakHashLen32WithSeeds(buf, pos, mul(v1, k1), add(x, w0));
      [w0, w1] = weakHashLen32WithSeeds(buf, pos + 32, add(z, w1), y);
      t = z; z = x; x = t;
      pos += 64;
    }
    len -= 128;
  } while (len >= 128);
  y = add(y, add(mul(rot(w0, 37), k0), z));
  x = add(x, mul(rot(add(v0, z), 49), k0));
  for (let tailDone = 0; tailDone < len;) {
    tailDone += 32;
    y = add(mul(rot(u64(y - x), 42), k0), v1);
    w0 = add(w0, buf.readBigUInt64LE(pos + len - tailDone + 16));
    x = add(mul(rot(x, 49), k0), w0);
    w0 = add(w0, v0);
    [v0, v1] = weakHashLen32WithSeeds(buf, pos + len - tailDone, v0, v1);
  }
  x = hash128to64(x, v0);
  y = hash128to64(y, w0);
  return [add(hash128to64(add(x, v1), w1), y), hash128to64(add(x, w1), add(y, v1))];
}

/** CityHash128 (v1.0.2) of buf[pos, pos+len): returns [low64, high64] as BigInts. */
function cityHash128(buf, pos = 0, len = buf.length - pos) {
  if (len >= 16) {
    return cityHash128WithSeed(buf, pos + 16, len - 16,
      buf.readBigUInt64LE(pos) ^ k3, buf.readBigUInt64LE(pos + 8));
  }
  if (len >= 8) {
    return cityHash128WithSeed(Buffer.alloc(0), 0, 0,
      buf.readBigUInt64LE(pos) ^ mul(BigInt(len), k0), buf.readBigUInt64LE(pos + len - 8) ^ k1);
  }
  return cityHash128WithSeed(buf, pos, len, k0, k1);
}

module.exports = { cityHash128 };
