'use strict';
// Just enough SQL lexing to do what ClickHouse's HTTP handler does before it
// hands a request to the engine: find where the SQL of an INSERT ends and its
// inline data begins, spot a FORMAT clause, refuse multi-statements, and read
// the assignments of a SET. Lexing runs over a latin1 view of the bytes, so
// every index is also a byte offset into the request body.

class SqlError extends Error {
  constructor(message, code = 62) { // SYNTAX_ERROR
    super(message);
    this.code = code;
  }
}

const isWordStart = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isWordChar = (c) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isSpace = (c) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/**
 * Lazily tokenises `s` from `from`. Tokens: {t: 'word'|'str'|'qid'|'num'|'op', v, s, e}.
 * Whitespace and comments are skipped.
 */
function* tokens(s, from = 0) {
  let i = from;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 45 && s.charCodeAt(i + 1) === 45) { // -- comment
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === 35 && (s.charCodeAt(i + 1) === 32 || s.charCodeAt(i + 1) === 33)) { // '# ' / '#!' comment
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === 47 && s.charCodeAt(i + 1) === 42) { // /* comment */ (ClickHouse nests them)
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42) { depth++; i += 2; } else if (s.charCodeAt(i) === 42 && s.charCodeAt(i + 1) === 47) { depth--; i += 2; } else i++;
      }
      if (depth > 0) throw new SqlError('Unterminated multiline comment');
      continue;
    }
    const start = i;
    if (c === 39 || c === 34 || c === 96) { // 'string', "identifier", `identifier`
      i++;
      for (;;) {
        if (i >= n) throw new SqlError('Unterminated quoted string or identifier');
        const d = s.charCodeAt(i);
        if (d === 92) { i += 2; continue; } // backslash escape
        if (d === c) {
          if (s.charCodeAt(i + 1) === c) { i += 2; continue; } // doubled quote
          i++;
          break;
        }
        i++;
      }
      yield { t: c === 39 ? 'str' : 'qid', v: s.slice(start, i), s: start, e: i };
      continue;
    }
    if (isWordStart(c)) {
      while (i < n && isWordChar(s.charCodeAt(i))) i++;
      yield { t: 'word', v: s.slice(start, i), s: start, e: i };
      continue;
    }
    if (c >= 48 && c <= 57) {
      while (i < n && (isWordChar(s.charCodeAt(i)) || s.charCodeAt(i) === 46)) i++;
      yield { t: 'num', v: s.slice(start, i), s: start, e: i };
      continue;
    }
    i++;
    yield { t: 'op', v: s[start], s: start, e: i };
  }
}

const upper = (tok) => (tok && tok.t === 'word' ? tok.v.toUpperCase() : null);

/**
 * Splits a request (query parameter + body, already concatenated) into what
 * the fixture has to do with it.
 *
 * Returns one of
 *   {kind: 'INSERT', sql, data: Buffer|null, format}  — data is inline data after FORMAT/VALUES
 *   {kind: <first keyword>, sql, format, set: [[name, valueSql]...] (for SET), db (for USE)}
 */
function analyze(buf) {
  const s = buf.toString('latin1');
  const it = tokens(s);
  let first = it.next().value;
  while (first && first.t === 'op' && first.v === '(') first = it.next().value;
  if (!first) throw new SqlError('Empty query', 62);
  const kind = upper(first) || first.v;

  if (kind === 'INSERT') {
    let depth = 0;
    let count = 0;
    for (let tok = it.next().value; tok; tok = it.next().value) {
      count++;
      if (tok.t === 'op') {
        if (tok.v === '(') depth++;
        else if (tok.v === ')') depth--;
        continue;
      }
      if (depth !== 0 || tok.t !== 'word' || count < 3) continue;
      const w = upper(tok);
      if (w === 'FORMAT') {
        const name = it.next().value;
        if (!name || name.t !== 'word') throw new SqlError('Expected format name after FORMAT');
        // ClickHouse: data starts after the first newline, or after all the
        // whitespace if there is no newline.
        let d = name.e;
        while (d < s.length && isSpace(s.charCodeAt(d))) {
          d++;
          if (s.charCodeAt(d - 1) === 10) break;
        }
        return {
          kind,
          sql: buf.subarray(0, name.e).toString('utf8'),
          data: d < buf.length ? buf.subarray(d) : null,
          format: name.v,
        };
      }
      if (w === 'VALUES') {
        return { kind, sql: buf.subarray(0, tok.e).toString('utf8'), data: buf.subarray(tok.e), format: 'Values' };
      }
      if (w === 'SELECT' || w === 'WITH' || w === 'INFILE') break; // INSERT ... SELECT / FROM INFILE
    }
  }

  // Whole-statement request: lex it all to reject multi-statements and to
  // find the FORMAT clause that decides the output format.
  let depth = 0;
  let prev = null;
  let prev2 = null;
  let format = null;
  let end = s.length;
  const top = []; // depth-0 tokens, for SET / USE
  for (let tok = first; tok; tok = it.next().value) {
    if (tok.t === 'op' && tok.v === ';' && depth === 0) {
      if (it.next().value) {
        throw new SqlError('Multi-statements are not allowed (the ClickHouse HTTP interface runs one statement per request)');
      }
      end = tok.s;
      break;
    }
    if (tok.t === 'op') {
      if (tok.v === '(' || tok.v === '[' || tok.v === '{') depth++;
      else if (tok.v === ')' || tok.v === ']' || tok.v === '}') depth--;
    }
    if (depth === 0) {
      top.push(tok);
      if (tok.t === 'word' && upper(prev) === 'FORMAT' && !(prev2 && (upper(prev2) === 'AS' || prev2.v === '.' || prev2.v === ','))) {
        format = tok.v;
      }
    }
    prev2 = prev;
    prev = tok;
  }
  const sql = buf.subarray(0, end).toString('utf8');
  const out = { kind, sql, data: null, format };
  if (kind === 'SET') out.set = parseSetAssignments(s, top.slice(1));
  if (kind === 'USE' && top[1]) out.db = unquoteIdent(top[1]);
  return out;
}

function unquoteIdent(tok) {
  if (tok.t === 'qid') return tok.v.slice(1, -1).replace(/\\(.)/g, '$1');
  return tok.v;
}

/** `SET a = 1, b = 'x'` → [['a', "1"], ['b', "'x'"]] (values as SQL text). */
function parseSetAssignments(s, toks) {
  const out = [];
  let i = 0;
  while (i < toks.length) {
    const name = toks[i];
    if (!name || (name.t !== 'word' && name.t !== 'qid')) break;
    if (!toks[i + 1] || toks[i + 1].v !== '=') {
      out.push([unquoteIdent(name), '1']); // `SET flag` means flag = 1
      i += 1;
    } else {
      let j = i + 2;
      while (j < toks.length && toks[j].v !== ',') j++;
      const valStart = toks[i + 2] ? toks[i + 2].s : name.e;
      const valEnd = j > i + 2 ? toks[j - 1].e : valStart;
      out.push([unquoteIdent(name), s.slice(valStart, valEnd)]);
      i = j;
    }
    if (toks[i] && toks[i].v === ',') i++;
  }
  return out;
}

/** A value as a ClickHouse string literal. */
function quoteString(v) {
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An identifier, back-quoted. */
function quoteIdent(v) {
  return `\`${String(v).replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

module.exports = { analyze, tokens, quoteString, quoteIdent, SqlError };
