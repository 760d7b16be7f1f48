'use strict';
// End-to-end tests against a real server process (needs node_modules with the
// chDB engine): node --test test/
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const chcompress = require('../lib/chcompress');

let proc;
let base;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chfx-test-'));

test.before(async () => {
  proc = spawn(process.execPath, [path.join(__dirname, '..', 'server.js'), '--port', '0', '--data-dir', path.join(dataDir, 'd'), '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
});

test.after(async () => {
  const exited = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  assert.strictEqual(await exited, 0);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const post = async (query, body, params = {}, headers = {}) => {
  const url = new URL(base);
  if (query != null) url.searchParams.set('query', query);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const r = await fetch(url, { method: 'POST', body, headers });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
};

test('ping', async () => {
  const r = await fetch(`${base}/ping`);
  assert.strictEqual(await r.text(), 'Ok.\n');
});

test('DDL, RowBinary insert with rows written, query with params', async () => {
  let r = await post(null, 'CREATE TABLE t (s String, f Float64) ENGINE = MergeTree ORDER BY s');
  assert.strictEqual(r.status, 200);
  const row = (s, f) => { const b = Buffer.from(s); const d = Buffer.alloc(8); d.writeDoubleLE(f); return Buffer.concat([Buffer.from([b.length]), b, d]); };
  r = await post('INSERT INTO t FORMAT RowBinary', Buffer.concat([row('a', 0), row('b\n', 1.5)]));
  assert.strictEqual(r.status, 200, r.body.toString());
  assert.strictEqual(JSON.parse(r.headers.get('x-clickhouse-summary')).written_rows, '2');
  r = await post(null, 'SELECT sum(f) FROM t WHERE s != {x:String}', { param_x: 'a' });
  assert.strictEqual(r.body.toString(), '1.5\n');
});

test('compress=1 answers in ClickHouse LZ4 framing', async () => {
  const r = await post(null, 'SELECT number FROM numbers(3)', { compress: '1' });
  assert.strictEqual(chcompress.decompress(r.body).toString(), '0\n1\n2\n');
});

test('errors in ClickHouse style; the queue survives them', async () => {
  const r = await post(null, 'SELECT * FROM missing');
  assert.strictEqual(r.status, 404);
  assert.strictEqual(r.headers.get('x-clickhouse-exception-code'), '60');
  assert.match(r.body.toString(), /^Code: 60\. DB::Exception: /);
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(null, i % 3 ? `SELECT ${i}` : 'SELECT bad syntax here (')));
  results.forEach((x, i) => assert.strictEqual(x.status, i % 3 ? 200 : 400));
});

test('URL settings apply to one request only', async () => {
  let r = await post(null, "SELECT getSetting('max_result_rows')", { max_result_rows: '7' });
  assert.strictEqual(r.body.toString(), '7\n');
  r = await post(null, "SELECT getSetting('max_result_rows')");
  assert.strictEqual(r.body.toString(), '0\n');
  r = await post(null, 'SET max_result_rows = 9');
  r = await post(null, "SELECT getSetting('max_result_rows')");
  assert.strictEqual(r.body.toString(), '0\n', 'SET without session_id lasts one request, as in ClickHouse');
});
