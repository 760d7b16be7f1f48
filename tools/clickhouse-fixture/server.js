#!/usr/bin/env node
'use strict';
// A ClickHouse HTTP-interface fixture over an in-process chDB session.
// See README.md for what it implements and what it does not.

const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { Session } = require('chdb');
const chcompress = require('./lib/chcompress');
const lz4frame = require('./lib/lz4frame');
const { analyze, quoteString, quoteIdent, SqlError } = require('./lib/sql');

// The addon's InsertRaw entry point (raw bytes after an SQL prefix, returns
// rows written) is what we need for inserts with inline data, binary formats
// included; the package's public insert() whitelists text formats only.
const native = require(path.join(path.dirname(require.resolve('chdb')), 'dist', 'loader.js')).loadNative();

const MARKER = '.clickhouse-fixture';

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    host: process.env.CLICKHOUSE_FIXTURE_HOST || '127.0.0.1',
    port: Number(process.env.CLICKHOUSE_FIXTURE_PORT || 8123),
    dataDir: process.env.CLICKHOUSE_FIXTURE_DATA_DIR || '',
    keep: false,
    user: process.env.CLICKHOUSE_FIXTURE_USER || '',
    password: process.env.CLICKHOUSE_FIXTURE_PASSWORD || '',
    logQueries: true,
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => (inline !== undefined ? inline : argv[++i]);
    switch (k) {
      case '--port': opts.port = Number(val()); break;
      case '--host': opts.host = val(); break;
      case '--data-dir': opts.dataDir = val(); break;
      case '--keep': opts.keep = true; break;
      case '--user': opts.user = val(); break;
      case '--password': opts.password = val(); break;
      case '--quiet': opts.logQueries = false; break;
      case '-h': case '--help':
        console.log('usage: server.js [--port N] [--host H] [--data-dir DIR] [--keep] [--user U --password P] [--quiet]');
        process.exit(0);
        break;
      default:
        if (a.startsWith('--')) { console.error(`unknown option ${a}`); process.exit(2); }
        positional.push(a);
    }
  }
  if (positional[0]) opts.port = Number(positional[0]);
  if (positional[1]) opts.dataDir = positional[1];
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error(`invalid port ${opts.port}`);
    process.exit(2);
  }
  if (!opts.dataDir) opts.dataDir = path.join(require('os').tmpdir(), `clickhouse-fixture-${opts.port}`);
  opts.dataDir = path.resolve(opts.dataDir);
  return opts;
}

/** Creates (or, without --keep, wipes) the data dir; only ever wipes a dir this fixture made. */
function prepareDataDir(dir, keep) {
  if (fs.existsSync(dir)) {
    const entries = fs.readdirSync(dir);
    const ours = entries.includes(MARKER);
    if (!ours && entries.length > 0) {
      throw new Error(`refusing to use ${dir}: it is not empty and was not created by this fixture (no ${MARKER} file)`);
    }
    if (!keep && ours) fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER), 'data directory of tools/clickhouse-fixture; wiped on start unless --keep\n');
}

// ---------------------------------------------------------------- logging

function log(...args) {
  console.log(new Date().toISOString(), ...args);
}

const clip = (s, n = 300) => {
  const one = String(s).replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n)}… (${one.length} chars)` : one;
};

// ---------------------------------------------------------------- errors

class ChError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const ERROR_NAMES = {
  27: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 62: 'SYNTAX_ERROR', 81: 'UNKNOWN_DATABASE',
  115: 'UNKNOWN_SETTING', 164: 'READONLY', 194: 'REQUIRED_PASSWORD', 271: 'CANNOT_DECOMPRESS',
  516: 'AUTHENTICATION_FAILED', 1001: 'STD_EXCEPTION',
};

// What ClickHouse's HTTPHandler maps exception codes to (subset). Never 503:
// clients treat that as "retry another node".
function httpStatusFor(code) {
  switch (code) {
    case 194: case 516: return 401;
    case 164: case 497: return 403;
    case 60: case 81: case 46: case 47: case 50: case 16: case 36: return 404; // unknown table/db/function/identifier/type/column
    case 62: case 115: case 6: case 26: case 27: case 32: case 33: case 38: case 41: case 53: case 69: case 72: case 73: case 117: case 456: case 457: case 271:
      return 400;
    default: return 500;
  }
}

function toChError(e) {
  if (e instanceof ChError) return e;
  const msg = String(e && e.message != null ? e.message : e);
  let code = (e && Number.isInteger(e.clickhouseCode)) ? e.clickhouseCode : (e && Number.isInteger(e.code) ? e.code : undefined);
  const m = /Code: (\d+)\./.exec(msg);
  if (code === undefined && m) code = Number(m[1]);
  if (code === undefined) code = 1001;
  let body = msg.trim();
  // chDB sometimes nests "Code: N. DB::Exception: Code: N. DB::Exception: ..."
  body = body.replace(/^(Code: \d+\. DB::Exception: )(Code: \d+\. DB::Exception: )+/, '$1');
  if (!/^Code: \d+\. DB::Exception: /.test(body)) {
    body = `Code: ${code}. DB::Exception: ${body}${ERROR_NAMES[code] ? ` (${ERROR_NAMES[code]})` : ''}`;
  }
  return new ChError(code, body, httpStatusFor(code));
}

// ---------------------------------------------------------------- engine

// URL parameters that belong to the HTTP interface itself, not to the
// settings of the query.
const HTTP_PARAMS = new Set([
  'query', 'query_id', 'database', 'default_format', 'user', 'password', 'quota_key',
  'compress', 'decompress', 'enable_http_compression', 'session_id', 'session_timeout',
  'session_check', 'buffer_size', 'wait_end_of_query', 'role', 'stacktrace',
  'http_response_buffer_size', 'client_protocol_version', 'readonly',
]);

class Engine {
  constructor(dataDir) {
    this.session = new Session(dataDir);
    this.conn = this.session.connection;
    this.queue = Promise.resolve();
    this.pending = 0;
    this.applied = new Map(); // setting → SQL value currently SET on the connection
    this.db = 'default';
    this.sessions = new Map(); // session_id → {settings: Map, touched}
  }

  /** Runs fn with exclusive use of the chDB connection (FIFO). Never blocks the queue on failure. */
  exclusive(fn) {
    this.pending++;
    const run = this.queue.then(() => fn());
    this.queue = run.then(() => {}, () => {}).finally(() => { this.pending--; });
    return run;
  }

  async raw(sql, format = 'TSV', params) {
    const res = params
      ? await native.QueryAsyncConnection(this.conn, sql, format, params)
      : await native.QueryAsyncConnection(this.conn, sql, format);
    return res;
  }

  async applyState(db, wanted) {
    const changes = [];
    for (const k of this.applied.keys()) if (!wanted.has(k)) changes.push([k, 'DEFAULT']);
    for (const [k, v] of wanted) if (this.applied.get(k) !== v) changes.push([k, v]);
    if (changes.length) {
      try {
        await this.raw(`SET ${changes.map(([k, v]) => `${quoteIdent(k)} = ${v}`).join(', ')}`);
        for (const [k, v] of changes) { if (v === 'DEFAULT') this.applied.delete(k); else this.applied.set(k, v); }
      } catch (e) {
        // Unknown setting or bad value: put the connection back to a known state.
        for (const k of new Set([...this.applied.keys(), ...wanted.keys()])) {
          try { await this.raw(`SET ${quoteIdent(k)} = DEFAULT`); } catch (_) { /* unknown setting */ }
        }
        this.applied.clear();
        throw e;
      }
    }
    if (db !== this.db) {
      await this.raw(`USE ${quoteIdent(db)}`);
      this.db = db;
    }
  }

  close() {
    try { this.session.close(); } catch (_) { /* already closed */ }
  }
}

// ---------------------------------------------------------------- HTTP helpers

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const BLANK_LINE = Buffer.from('\n\n');
/** `INSERT ... FORMAT <name>` (the only shape insertViaFile rewrites; VALUES keeps the inline path). */
const FILE_INSERT = /^([\s\S]*?)\bFORMAT\s+([A-Za-z0-9_]+)\s*$/i;
let insertFileCounter = 0;

/**
 * `INSERT INTO t [(cols)] FORMAT F` + data, as `INSERT INTO t [(cols)] SELECT * FROM file(tmp, 'F')`: the
 * engine reads the whole file, and takes the structure from the insertion table.
 */
async function insertViaFile(conn, stmt, data) {
  const m = FILE_INSERT.exec(stmt.sql);
  const file = path.join(require('os').tmpdir(), `clickhouse-fixture-insert-${process.pid}-${++insertFileCounter}.bin`);
  fs.writeFileSync(file, data);
  try {
    const sql = `${m[1]}SELECT * FROM file(${quoteString(file)}, ${quoteString(m[2])}) `
      + 'SETTINGS use_structure_from_insertion_table_in_table_functions = 1';
    // INSERT ... SELECT reports no written-row count here; the connection is ours alone (Engine.exclusive),
    // so the table's count before and after gives it (for X-ClickHouse-Summary).
    const table = /^\s*INSERT\s+INTO\s+(?:TABLE\s+)?([^\s(]+)/i.exec(m[1]);
    const count = async () => {
      if (!table) return 0;
      const r = await native.QueryAsyncConnection(conn, `SELECT count() FROM ${table[1]}`, 'TSV');
      return Number(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('utf8').trim()) || 0;
    };
    const before = await count().catch(() => 0);
    await native.QueryAsyncConnection(conn, sql, 'CSV');
    const after = await count().catch(() => before);
    return { rowsWritten: Math.max(0, after - before), bytesWritten: 0 };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function decodeBody(body, headers, params) {
  const enc = (headers['content-encoding'] || '').toLowerCase().trim();
  try {
    if (enc === 'gzip' || enc === 'x-gzip') body = zlib.gunzipSync(body);
    else if (enc === 'deflate') body = zlib.inflateSync(body);
    else if (enc === 'br') body = zlib.brotliDecompressSync(body);
    else if (enc === 'lz4') body = lz4frame.decode(body);
    else if (enc && enc !== 'identity') throw new ChError(1001, `Code: 1001. DB::Exception: Unsupported Content-Encoding: ${enc} (fixture)`, 400);
  } catch (e) {
    if (e instanceof ChError) throw e;
    throw new ChError(271, `Code: 271. DB::Exception: Cannot decompress request body (${enc}): ${e.message}. (CANNOT_DECOMPRESS)`, 400);
  }
  if (params.get('decompress') === '1' && body.length > 0) {
    try {
      body = chcompress.decompress(body);
    } catch (e) {
      throw new ChError(271, `Code: 271. DB::Exception: ${e.message}. (CANNOT_DECOMPRESS)`, 400);
    }
  }
  return body;
}

function credentials(req, params) {
  const auth = req.headers.authorization;
  if (auth && /^basic /i.test(auth)) {
    const dec = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const i = dec.indexOf(':');
    return { user: i < 0 ? dec : dec.slice(0, i), password: i < 0 ? '' : dec.slice(i + 1), given: true };
  }
  if (req.headers['x-clickhouse-user'] !== undefined || req.headers['x-clickhouse-key'] !== undefined) {
    return { user: req.headers['x-clickhouse-user'] || 'default', password: req.headers['x-clickhouse-key'] || '', given: true };
  }
  if (params.has('user') || params.has('password')) {
    return { user: params.get('user') || 'default', password: params.get('password') || '', given: true };
  }
  return { user: 'default', password: '', given: false };
}

function safeEqual(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const TEXT_FORMATS = /^(TabSeparated|TSV|CSV|JSON|Pretty|Vertical|Markdown|XML|Values|Template|CustomSeparated|Raw|LineAsString|PrettyCompact|Null)/i;

function contentTypeFor(format) {
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return 'text/csv; charset=UTF-8; header=absent';
  if (TEXT_FORMATS.test(format)) return 'text/plain; charset=UTF-8';
  return 'application/octet-stream';
}

// ---------------------------------------------------------------- server

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let engine;
  try {
    prepareDataDir(opts.dataDir, opts.keep);
    engine = new Engine(opts.dataDir);
  } catch (e) {
    console.error(`clickhouse-fixture: cannot start: ${e.message}`);
    process.exit(1);
  }
  let serverTz = 'UTC';
  let version = '';
  let queryCounter = 0;

  const commonHeaders = (queryId) => ({
    'X-ClickHouse-Server-Display-Name': 'clickhouse-fixture',
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Timezone': serverTz,
  });

  // HTTP compression (enable_http_compression=1 + Accept-Encoding), as ClickHouse does it.
  function httpEncode(req, params, payload, headers) {
    if (params.get('enable_http_compression') !== '1') return null;
    const accept = String(req.headers['accept-encoding'] || '').toLowerCase();
    const has = (name) => new RegExp(`(^|[\\s,])${name}($|[\\s,;])`).test(accept);
    if (has('gzip')) { headers['Content-Encoding'] = 'gzip'; return zlib.gzipSync(payload, { level: 1 }); }
    if (has('deflate')) { headers['Content-Encoding'] = 'deflate'; return zlib.deflateSync(payload, { level: 1 }); }
    if (has('br')) { headers['Content-Encoding'] = 'br'; return zlib.brotliCompressSync(payload); }
    if (has('lz4')) { headers['Content-Encoding'] = 'lz4'; return lz4frame.encode(payload); }
    return null;
  }

  function sendError(res, err, queryId, params, req) {
    const e = toChError(err);
    const text = `${e.message}${/\(version /.test(e.message) ? '' : ` (version ${version})`}\n`;
    if (opts.logQueries) log(`  ! ${clip(e.message, 500)}`);
    if (res.headersSent) { res.destroy(); return; }
    const headers = {
      ...commonHeaders(queryId),
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Exception-Code': String(e.code),
    };
    // With compress=1 ClickHouse sends the exception text uncompressed (clients fall back on it).
    const body = (e.status !== 401 && e.status !== 403 && httpEncode(req, params, Buffer.from(text), headers)) || Buffer.from(text);
    headers['Content-Length'] = body.length;
    res.writeHead(e.status || 500, headers);
    res.end(body);
  }

  function sendResult(req, res, params, queryId, format, payload, summary) {
    const headers = {
      ...commonHeaders(queryId),
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Summary': JSON.stringify(summary),
      'Content-Type': contentTypeFor(format),
    };
    let out = httpEncode(req, params, payload, headers);
    if (!out) out = params.get('compress') === '1' && payload.length ? chcompress.compress(payload) : payload;
    headers['Content-Length'] = out.length;
    res.writeHead(200, headers);
    res.end(out);
  }

  async function handleQuery(req, res, params) {
    const queryId = params.get('query_id') || req.headers['x-clickhouse-query-id'] || crypto.randomUUID();
    // --- authentication
    const cred = credentials(req, params);
    if (opts.user || opts.password) {
      const wantUser = opts.user || 'default';
      if (!safeEqual(cred.user, wantUser) || !safeEqual(cred.password, opts.password)) {
        throw Object.assign(new ChError(516,
          `Code: 516. DB::Exception: ${cred.user}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)`, 401), { queryId });
      }
    }
    // --- request text: `query` parameter, then the body (ClickHouse joins them with a newline)
    let body = req.method === 'POST' ? decodeBody(await readBody(req), req.headers, params) : Buffer.alloc(0);
    const ctype = String(req.headers['content-type'] || '');
    if (/^multipart\/form-data/i.test(ctype)) {
      const parts = parseMultipart(body, ctype);
      for (const [k, v] of parts) if (k === 'query' || k.startsWith('param_')) params.set(k, v.toString('utf8'));
      body = Buffer.alloc(0);
    }
    const q = params.get('query');
    const text = q != null ? (body.length ? Buffer.concat([Buffer.from(q, 'utf8'), Buffer.from('\n'), body]) : Buffer.from(q, 'utf8')) : body;
    let stmt;
    try {
      stmt = analyze(text);
    } catch (e) {
      throw Object.assign(e instanceof SqlError ? new ChError(e.code, `Code: ${e.code}. DB::Exception: ${e.message}. (${ERROR_NAMES[e.code] || 'SYNTAX_ERROR'})`, 400) : e, { queryId });
    }

    // --- query parameters ({name:Type} placeholders): values arrive already in
    // the escaped text form ClickHouse expects, and go to the engine unchanged.
    let qparams = null;
    for (const [k, v] of params) {
      if (k.startsWith('param_')) (qparams || (qparams = {}))[k.slice(6)] = v;
    }

    // --- settings from the URL (+ the session's own, for session_id)
    const sessionId = params.get('session_id');
    const wanted = new Map();
    if (sessionId && engine.sessions.has(sessionId)) for (const [k, v] of engine.sessions.get(sessionId).settings) wanted.set(k, v);
    for (const [k, v] of params) {
      if (HTTP_PARAMS.has(k) || k.startsWith('param_')) continue;
      wanted.set(k, quoteString(v));
    }
    const readonly = req.method === 'GET' ? 2 : Number(params.get('readonly') || 0);
    const WRITES = new Set(['INSERT', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME', 'DELETE', 'UPDATE', 'OPTIMIZE', 'ATTACH', 'DETACH', 'EXCHANGE', 'GRANT', 'REVOKE', 'KILL', 'SYSTEM', 'BACKUP', 'RESTORE', 'UNDROP']);
    if (readonly && WRITES.has(stmt.kind)) {
      throw Object.assign(new ChError(164, `Code: 164. DB::Exception: ${req.method === 'GET' ? 'Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries' : 'Cannot execute query in readonly mode'}. (READONLY)`, 400), { queryId });
    }
    const db = params.get('database') || req.headers['x-clickhouse-database'] || 'default';
    const format = stmt.format && stmt.kind !== 'INSERT' ? stmt.format
      : (req.headers['x-clickhouse-format'] || params.get('default_format') || 'TabSeparated');
    const outFormat = stmt.kind === 'INSERT' ? (req.headers['x-clickhouse-format'] || params.get('default_format') || 'TabSeparated') : format;

    const n = ++queryCounter;
    if (opts.logQueries) {
      const settings = [...wanted.keys()].length ? ` settings={${[...wanted].map(([k, v]) => `${k}=${v}`).join(',')}}` : '';
      log(`#${n} ${queryId} db=${db}${settings}${qparams ? ` params=${JSON.stringify(qparams)}` : ''} ${clip(stmt.sql)}${stmt.data ? ` [+${stmt.data.length} B ${stmt.format}]` : ''}`);
    }

    const t0 = process.hrtime.bigint();
    const result = await engine.exclusive(async () => {
      await engine.applyState(db, wanted);
      if (stmt.kind === 'SET') {
        const assignments = stmt.set.filter(([k]) => k !== 'readonly');
        if (assignments.length) {
          await engine.raw(`SET ${assignments.map(([k, v]) => `${quoteIdent(k)} = ${v}`).join(', ')}`);
          for (const [k, v] of assignments) engine.applied.set(k, v); // undone by the next request's applyState
          if (sessionId) {
            const sess = engine.sessions.get(sessionId) || { settings: new Map() };
            for (const [k, v] of assignments) sess.settings.set(k, v);
            engine.sessions.set(sessionId, sess);
          }
        }
        return { bytes: Buffer.alloc(0), rowsRead: 0, bytesRead: 0, written: 0, writtenBytes: 0 };
      }
      if (stmt.kind === 'INSERT' && !qparams) {
        const data = stmt.data || Buffer.alloc(0);
        if (stmt.format !== 'Values' && data.includes(BLANK_LINE) && FILE_INSERT.test(stmt.sql)) {
          // chDB's inline insert data ends at an empty line (clickhouse-local's multi-query rule), so binary
          // rows whose bytes contain "\n\n" (e.g. a Float64 such as 42.078452) were cut there: "Cannot read
          // all data" for a valid RowBinary batch. Such bodies go through a file instead, read in full.
          const r = await insertViaFile(engine.conn, stmt, data);
          return { bytes: Buffer.alloc(0), rowsRead: 0, bytesRead: data.length, written: r.rowsWritten || 0, writtenBytes: r.bytesWritten || 0 };
        }
        const r = await native.InsertRawAsyncConnection(engine.conn, stmt.sql, data, false);
        return { bytes: Buffer.alloc(0), rowsRead: 0, bytesRead: stmt.data ? stmt.data.length : 0, written: r.rowsWritten || 0, writtenBytes: r.bytesWritten || 0 };
      }
      const sql = stmt.data ? `${stmt.sql}\n${stmt.data.toString('utf8')}` : stmt.sql;
      const r = await engine.raw(sql, format, qparams);
      if (stmt.kind === 'USE' && stmt.db) engine.db = stmt.db;
      return { bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), rowsRead: r.rowsRead || 0, bytesRead: r.bytesRead || 0, written: 0, writtenBytes: 0 };
    }).catch((e) => { throw Object.assign(toChError(e), { queryId }); });
    const elapsedNs = process.hrtime.bigint() - t0;
    const summary = {
      read_rows: String(result.rowsRead), read_bytes: String(result.bytesRead),
      written_rows: String(result.written), written_bytes: String(result.writtenBytes),
      total_rows_to_read: '0', result_rows: String(stmt.kind === 'INSERT' ? result.written : result.rowsRead),
      result_bytes: String(result.bytes.length), elapsed_ns: String(elapsedNs),
    };
    if (opts.logQueries) log(`#${n} ok ${(Number(elapsedNs) / 1e6).toFixed(1)} ms, ${result.bytes.length} B out${result.written ? `, ${result.written} rows written` : ''}`);
    sendResult(req, res, params, queryId, outFormat, result.bytes, summary);
  }

  const server = http.createServer({ maxHeaderSize: 1 << 20, requestTimeout: 0, headersTimeout: 60000 }, (req, res) => {
    const url = new URL(req.url, 'http://fixture');
    const params = url.searchParams;
    const p = url.pathname;
    if ((p === '/ping' || p === '/replicas_status') && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 4 });
      res.end(req.method === 'HEAD' ? undefined : 'Ok.\n');
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && !params.has('query')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 4 });
      res.end(req.method === 'HEAD' ? undefined : 'Ok.\n');
      return;
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      res.writeHead(405, { 'Content-Type': 'text/plain; charset=UTF-8', Allow: 'GET, POST' });
      res.end('Method not allowed\n');
      return;
    }
    handleQuery(req, res, params).catch((e) => {
      sendError(res, e, e.queryId || params.get('query_id') || '', params, req);
      req.resume(); // drain an unread body so keep-alive survives
    });
  });
  server.keepAliveTimeout = 30000; // ClickHouse's default keep_alive_timeout is 30 s (10 s before 24.x)

  engine.exclusive(async () => {
    const r = await engine.raw('SELECT version(), timezone()', 'TabSeparated');
    [version, serverTz] = Buffer.from(r.bytes).toString('utf8').trim().split('\t');
  }).then(() => {
    server.listen(opts.port, opts.host, () => {
      log(`clickhouse-fixture listening on http://${opts.host}:${server.address().port} (chDB engine ${version}, tz ${serverTz}, data ${opts.dataDir}${opts.user || opts.password ? `, auth user '${opts.user || 'default'}'` : ', no auth'}) in ${Date.now() - started} ms`);
    });
  }, (e) => {
    console.error(`failed to start the chDB engine: ${e.message}`);
    process.exit(1);
  });

  server.on('error', (e) => {
    console.error(`clickhouse-fixture: server error: ${e.message}`);
    engine.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping (${engine.pending} queries pending)`);
    let finished = false;
    const done = (how) => {
      if (finished) return;
      finished = true;
      engine.close();
      log(`stopped${how ? ` (${how})` : ''}`);
      process.exit(0);
    };
    // Stop accepting, let running queries finish and their responses go out,
    // then close the connections that are left idle.
    server.close(() => done());
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    sweeper.unref();
    setTimeout(() => { server.closeAllConnections(); done('forced after 10 s'); }, 10000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// Minimal multipart/form-data parser (clickhouse-java can send `query` and
// `param_*` as form fields with http_send_params_in_body).
function parseMultipart(body, ctype) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ctype);
  if (!m) return [];
  const boundary = Buffer.from(`--${m[1] || m[2]}`);
  const out = [];
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.slice(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) break;
    const headers = body.slice(start, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) break;
    const name = /name="([^"]*)"/i.exec(headers);
    if (name) out.push([name[1], body.slice(headerEnd + 4, next - 2)]);
    pos = next;
  }
  return out;
}

main();
