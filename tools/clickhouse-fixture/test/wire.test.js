'use strict';
// Unit tests of the wire-format helpers (no engine needed): node --test test/
const test = require('node:test');
const assert = require('node:assert');
const { cityHash128 } = require('../lib/cityhash');
const chcompress = require('../lib/chcompress');
const lz4frame = require('../lib/lz4frame');
const { analyze } = require('../lib/sql');

// Expected values computed with clickhouse-java 0.9.8's ClickHouseCityHash
// (signed longs) over bytes b[i] = (i * 131 + 7) & 255.
const CITY_VECTORS = [
  [0, 4463240938071824939n, 4374473821787594281n],
  [1, -8366180438358749632n, 408498549790809274n],
  [3, -1471781052440331413n, -5540144199412579n],
  [4, -8667743602359050177n, -2896542470546170528n],
  [7, 4478884649629503391n, 6438447472850963146n],
  [8, -2463941714660801735n, 2139433397999978412n],
  [9, -8301717143262035371n, 1722416858086947508n],
  [15, 6826251675200753981n, -2138269073945514657n],
  [16, -6924765661229593805n, -2397649408161839679n],
  [17, 7430992552450323939n, -1112861640702011572n],
  [31, 4332497990062335781n, 1627193502336397972n],
  [32, 6962073337428311353n, 543705634908651068n],
  [33, -8980874278825020928n, -5646512309219755541n],
  [63, -8042527841109672423n, 911223970990741855n],
  [64, -5998825014741976430n, 6255410705856957547n],
  [100, 7564850953511520660n, 677189601308142362n],
  [127, -1148836916469638885n, -8666511659241357077n],
  [128, -8405745866319284970n, -1334573641068098580n],
  [129, 7804909527433582532n, -4635949124826969533n],
  [150, -6043984250663501260n, 7835605857823029396n],
  [191, -7398064459125719191n, -288094658177404197n],
  [255, 1671368071896750969n, 8939899288970448814n],
  [256, 5989016895369303814n, -7042568778479703522n],
  [257, -9005081742907367964n, -306883411821696172n],
  [300, 2348080544244686961n, -7314082402388409616n],
  [1000, 2440510283479924331n, -7256312387441152021n],
  [4096, -708051515080478409n, -6316575226993178295n],
  [100000, -2667108454828322636n, -4699802951897817219n],
];

test('cityHash128 matches clickhouse-java', () => {
  for (const [n, lo, hi] of CITY_VECTORS) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) & 255;
    const [l, h] = cityHash128(b);
    assert.deepStrictEqual([BigInt.asIntN(64, l), BigInt.asIntN(64, h)], [lo, hi], `length ${n}`);
  }
});

test('ClickHouse block framing round-trips, multi-block', () => {
  const data = Buffer.alloc(2.5 * (1 << 20));
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
  const framed = chcompress.compress(data);
  assert.strictEqual(framed[16], 0x82);
  assert.ok(chcompress.decompress(framed).equals(data));
  framed[40] ^= 1;
  assert.throws(() => chcompress.decompress(framed), /Checksum/);
});

test('LZ4 block decoder handles matches (overlapping copy)', () => {
  // "abc" literal, then match offset 3 length 9 → "abcabcabcabc", then literal "x"
  const block = Buffer.from([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x78]);
  assert.strictEqual(chcompress.lz4DecodeBlock(block, 0, block.length, 13).toString(), 'abcabcabcabcx');
});

test('LZ4 frame: xxh32 and round trip', () => {
  assert.strictEqual(lz4frame.xxh32(Buffer.alloc(0)), 0x02cc5d05);
  assert.strictEqual((lz4frame.xxh32(Buffer.from([0x64, 0x40])) >>> 8) & 0xff, 0xa7);
  const d = Buffer.from('hello fixture '.repeat(500000));
  assert.ok(lz4frame.decode(lz4frame.encode(d)).equals(d));
});

test('analyze: INSERT with binary data after FORMAT', () => {
  const body = Buffer.concat([Buffer.from('INSERT INTO t (a, b) SETTINGS async_insert=1 FORMAT RowBinary \n'), Buffer.from([0, 1, 2, 10, 32])]);
  const s = analyze(body);
  assert.strictEqual(s.kind, 'INSERT');
  assert.strictEqual(s.format, 'RowBinary');
  assert.strictEqual(s.sql, 'INSERT INTO t (a, b) SETTINGS async_insert=1 FORMAT RowBinary');
  assert.deepStrictEqual([...s.data], [0, 1, 2, 10, 32]);
});

test('analyze: INSERT VALUES splits at VALUES; INSERT SELECT stays whole', () => {
  const v = analyze(Buffer.from("INSERT INTO t (format, values) VALUES ('a;b', 1), ('c', 2)"));
  assert.strictEqual(v.sql, 'INSERT INTO t (format, values) VALUES');
  assert.strictEqual(v.data.toString(), " ('a;b', 1), ('c', 2)");
  const s = analyze(Buffer.from('INSERT INTO t SELECT * FROM u'));
  assert.strictEqual(s.data, null);
});

test('analyze: FORMAT clause, multi-statements, SET, USE', () => {
  assert.strictEqual(analyze(Buffer.from("SELECT 'FORMAT x' AS format FORMAT JSONEachRow;")).format, 'JSONEachRow');
  assert.strictEqual(analyze(Buffer.from('SELECT format(\'{}\', 1)')).format, null);
  assert.throws(() => analyze(Buffer.from('SELECT 1; SELECT 2')), /Multi-statements/);
  assert.throws(() => analyze(Buffer.from('  -- nothing\n')), /Empty query/);
  assert.deepStrictEqual(analyze(Buffer.from("SET a = 1, b = 'x, y', c")).set, [['a', '1'], ['b', "'x, y'"], ['c', '1']]);
  assert.strictEqual(analyze(Buffer.from('USE `my db`')).db, 'my db');
});
