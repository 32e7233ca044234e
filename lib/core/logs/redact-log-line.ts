// Values in a container's log that look like secrets are replaced with a marker before the lines
// leave the server. It errs on the side of hiding: a word after `token:` in prose may be hidden too,
// while ids, timestamps, versions, pod names, trace ids and image digests stay readable.

import { redactionMarker } from './log-contract';

export { redactionMarker };

export type RedactedText = { text: string; redactions: number };
export type RedactedLog = { lines: string[]; redactions: number };

// Words that make a key name a secret's, matched against the key's parts (`DB_PASSWORD` → db,
// password; `clientSecret` → client, secret). `auth` is a whole part: `author` is not a secret.
const secretParts = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'cookie', 'authorization', 'auth', 'signature', 'privatekey', 'sessionid', 'jwt', 'bearer', 'dsn', 'sig']);
const secretPairs = new Set(['api key', 'access key', 'private key', 'secret key', 'session id', 'client secret', 'set cookie', 'tls key', 'ssh key', 'signing key', 'encryption key', 'master key']);
const keyedNames = new Set(['tls', 'ssh', 'private', 'signing', 'secret', 'api', 'encryption', 'master', 'access']);
// Secret words that end a glued key (`MONGOPASSWORD`, `xapikey`), optionally in the plural, numbered or
// followed by a word that says the value itself is meant.
const gluedSecret = /(?:password|passwd|passphrase|pass|pwd|secret|token|apikey|accesskey|secretkey|privatekey|signingkey|credential|cookie|authorization|sessionid|jwt|bearer|dsn)s?\d*(?:value|val|str|string|b64|base64|hex|raw|plain|plaintext|text|data|bytes)?$/;
// A key that names something about the secret rather than the secret itself (`token_count`, `password_file`).
const harmlessLastParts = new Set(['count', 'type', 'types', 'expiry', 'expires', 'expiresin', 'expiresat', 'ttl', 'length', 'len', 'size', 'file', 'path', 'hint', 'enabled', 'required', 'set', 'present', 'name', 'names', 'source', 'url', 'endpoint', 'rotated', 'rotation', 'age', 'policy', 'valid']);
// Values that are no secret: kept so that `password=null` or `token: missing` still read as they were.
const harmlessValues = new Set(['', 'null', 'nil', 'none', 'undefined', 'true', 'false', 'missing', 'expired', 'invalid', 'required', 'empty', 'unset', 'not', 'is', 'was', 'ok', 'redacted', '[redacted]', '<redacted>', '***', '<nil>', '|', '|-', '|+', '>', '>-', '>+']);
// Headers whose whole value is secret, to the end of the line.
const wholeLineKeys = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

function keyParts(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a key (env var, JSON field, query parameter, header) names a secret. A dotted key is
 * judged by its last name (`spring.datasource.password`, not `CredentialIssuer.java`), `key` by the
 * name before it (`tls.key`).
 */
export function isSecretKey(key: string): boolean {
  const dotted = key.split('.').filter(Boolean);
  if (dotted.length > 1) {
    const last = dotted[dotted.length - 1]!;
    return last.toLowerCase() === 'key' ? keyedNames.has(dotted[dotted.length - 2]!.toLowerCase()) : isSecretKey(last);
  }
  const parts = keyParts(key);
  if (parts.length === 0) return false;
  if (parts.length > 1 && harmlessLastParts.has(parts[parts.length - 1]!)) return false;
  if (parts.some((part) => secretParts.has(part))) return true;
  if (parts.some((part, i) => i + 1 < parts.length && secretPairs.has(`${part} ${parts[i + 1]}`))) return true;
  // A secret word glued to what names it (`PGPASSWORD`, `newpassword`, `accesstoken`, `REDISPASS`):
  // the key's last part ends with it, or with it and what says it is the value (`tokenvalue`).
  // `passwordfile` or `tokenizer` end with something else and stay readable.
  return gluedSecret.test(parts[parts.length - 1]!);
}

/** `open`: the quote a value began with and the line did not close (the value goes on below). */
type Span = { start: number; end: number; open?: string };

const authSchemes = /^(bearer|basic|digest|token|negotiate|aws4-hmac-sha256)\s+/i;

// key, an optional closing quote (plain, JSON-escaped or percent-encoded), a separator (= : or
// their percent-encodings; Go's :=, Ruby's and PHP's =>, ->), spaces. A CLI flag (`--password value`) separates with a space.
const keyValue = /(?<![A-Za-z0-9_.])([A-Za-z][A-Za-z0-9_.-]*)((?:\\*["'])|%22)?(\s*(?::=|=>|->|=|:|%3[AaDd])\s*|(?<=--[A-Za-z0-9_.-]*)\s+)/g;

/** Where a value that starts at `from` ends, with what it was quoted by. */
function valueEnd(line: string, from: number, key: string, separator: string): Span | null {
  const rest = line.slice(from);
  const quote = /^(\\*"|'|%22)/.exec(rest)?.[0];
  if (quote) {
    const start = from + quote.length;
    let end = -1;
    if (quote === '"') {
      for (let i = start; i < line.length; i++) {
        if (line[i] === '\\') i++;
        else if (line[i] === '"') {
          end = i;
          break;
        }
      }
    } else {
      end = line.indexOf(quote, start);
    }
    // An unclosed quote: the value runs on past the line, hide all of it (and what follows, below).
    return end === -1 ? { start, end: line.length, open: quote } : { start, end };
  }
  if (wholeLineKeys.has(key.toLowerCase()) && separator.includes(':')) return { start: from, end: line.length };
  const scheme = authSchemes.exec(rest)?.[0];
  const start = from + (scheme?.length ?? 0);
  const stop = /[\s&,;"'`)\]}<>]|%2[26Cc]|%20|\\[nrt"]/.exec(line.slice(start));
  return { start, end: stop ? start + stop.index : line.length };
}

function keyValueSpans(line: string): Span[] {
  const spans: Span[] = [];
  let hiddenTo = 0;
  for (const match of line.matchAll(keyValue)) {
    const [whole, key, , separator] = match;
    // A key inside a value already hidden (`password=password=...`) is part of that value.
    if (match.index < hiddenTo || !isSecretKey(key!)) continue;
    const value = valueEnd(line, match.index + whole.length, key!, separator!);
    if (!value) continue;
    const text = line.slice(value.start, value.end);
    if (harmlessValues.has(text.toLowerCase()) || /^\*+$/.test(text) || text.includes(redactionMarker)) continue;
    spans.push(value);
    hiddenTo = value.end;
  }
  return spans;
}

// Patterns that are secrets wherever they stand. Each names what it matched, for the tests' messages.
const standalone: Array<{ name: string; pattern: RegExp; group?: number }> = [
  // A PEM private key on one line (JSON-escaped newlines), to its END or the end of the line.
  { name: 'pem', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g },
  // user:password@ in a URL (postgres://, redis://, amqp://, https://), also percent-encoded.
  { name: 'url-credentials', pattern: /(?:(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*(?::\/\/|%3[Aa]%2[Ff]%2[Ff])[^\s:/@"'<>]*(?::|%3[Aa]))([^\s/"'<>]+)(?=@|%40)/dg, group: 1 },
  { name: 'jwt', pattern: /\b(?:eyJ|eyAi|ewo)[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)?/g },
  { name: 'bearer', pattern: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{8,}=*)/dg, group: 1 },
  { name: 'basic', pattern: /\bBasic\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/dg, group: 1 },
  { name: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g },
  { name: 'gcp-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: 'google-oauth', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g },
  { name: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'stripe-key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { name: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{30,}/g },
  { name: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
];

/** The `Basic` word is common in prose: its value must look encoded, not like a word. */
function looksEncoded(value: string): boolean {
  return /[0-9+/=]/.test(value) || /[A-Z]/.test(value.slice(1));
}

function standaloneSpans(line: string): Span[] {
  const spans: Span[] = [];
  for (const { name, pattern, group } of standalone) {
    for (const match of line.matchAll(pattern)) {
      const text = group ? match[group]! : match[0];
      if (name === 'basic' && !looksEncoded(text)) continue;
      if (name === 'bearer' && !/[0-9A-Z._~+/=-]/.test(text)) continue;
      const [start, end] = group ? match.indices![group]! : [match.index, match.index + text.length];
      spans.push({ start, end });
    }
  }
  return spans;
}

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

// Long runs of hex, or of base64/base64url letters. Hex ids shorter than 48 (trace ids, Git
// commits, MD5s) and image digests stay: they are how operators find things.
const hexRun = /(?<![A-Za-z0-9+/_=-])[0-9a-fA-F]{48,}(?![A-Za-z0-9+/_=-])/g;
const base64Run = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])/g;

function highEntropySpans(line: string): Span[] {
  const spans: Span[] = [];
  for (const match of line.matchAll(hexRun)) {
    if (/(?:sha256|sha512|sha1):$/i.test(line.slice(Math.max(0, match.index - 7), match.index))) continue;
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const match of line.matchAll(base64Run)) {
    const token = match[0];
    if (/^[0-9a-fA-F]+$/.test(token)) continue; // hex is judged above
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(token)).length;
    // A path or a dotted name is words between separators, low in entropy per character.
    const words = token.split(/[/_-]/).filter(Boolean);
    const wordy = words.length >= 3 && words.every((word) => word.length <= 16 && /^[A-Za-z]?[a-z]*[0-9]*$/.test(word));
    if (classes === 3 && !wordy && entropy(token) >= 4) spans.push({ start: match.index, end: match.index + token.length });
  }
  return spans;
}

function applySpans(line: string, spans: Span[]): RedactedText {
  if (spans.length === 0) return { text: line, redactions: 0 };
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  let text = '';
  let at = 0;
  for (const span of merged) {
    text += line.slice(at, span.start) + redactionMarker;
    at = span.end;
  }
  return { text: text + line.slice(at), redactions: merged.length };
}

function redactRaw(line: string): RedactedText {
  return applySpans(line, [...standaloneSpans(line), ...keyValueSpans(line), ...highEntropySpans(line)]);
}

function percentDecode(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\+/g, ' ');
}

function jsonUnescape(text: string): string {
  return text
    .replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\[nrt]/g, ' ')
    .replace(/\\(["\\/])/g, '$1');
}

/**
 * One line with its secrets replaced by the marker. A secret hidden by an encoding (percent-encoded
 * query strings, JSON `\u` escapes, escaped quotes, both nested) is looked for in the decoded text
 * too; when that finds more, the line is shown decoded, with those hidden as well.
 */
export function redactLogLine(line: string): RedactedText {
  let shown = redactRaw(line);
  let probe = shown.text;
  for (let round = 0; round < 3; round++) {
    const decoded = jsonUnescape(percentDecode(probe));
    if (decoded === probe) break;
    const again = redactRaw(decoded);
    const more = countMarkers(again.text) - countMarkers(decoded);
    probe = again.text;
    if (more > 0) shown = { text: again.text, redactions: shown.redactions + more };
  }
  return shown;
}

function countMarkers(text: string): number {
  return text.split(redactionMarker).length - 1;
}

/** The quote a secret's value opened on this line and did not close, if any. */
function openQuoteOf(line: string): string | undefined {
  return keyValueSpans(line).find((span) => span.open)?.open;
}

/** Lines a value left open by its quote may run on for before the quote is taken for a stray. */
const maxOpenValueLines = 20;

const pemBegin = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const pemEnd = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
// A line that ends with a secret's key and no value yet: `password:`, `Authorization: Bearer`, a YAML block `|`.
const danglingKey = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]*)\\*["']?\s*(?::=|=>|->|=|:)\s*(?:(?:bearer|basic|token)\s*)?(?:[|>][-+]?)?\s*$/i;

// A line of a PEM body (base64, 64 to a line; the last one shorter).
const pemBodyLine = /^\s*[A-Za-z0-9+/]{16,}={0,2}\s*$/;

/**
 * A tail of log lines with their secrets replaced, including those spread over lines: a PEM private
 * key's body (to its END line, or to the end of the tail when it was cut), and a value printed on
 * the line after its key (with the more indented lines of a YAML block).
 *
 * `cutAbove`: the lines may begin inside something that began above them (the log was read from a
 * line count or a time, not from its start). Leading lines that still look like a block's body, a
 * PEM body or indented lines, are hidden then: their key or BEGIN line is not there to say so.
 * `perLine` counts the redactions of each line, for a caller that shows only some of them.
 */
export function redactLogLines(lines: readonly string[], options: { cutAbove?: boolean } = {}): RedactedLog & { perLine: number[] } {
  const out: string[] = [];
  const perLine: number[] = [];
  const emit = (text: string, redactions: number) => {
    out.push(text);
    perLine.push(redactions);
  };
  let inPem = false;
  let pendingIndent: number | null = null;
  let openQuote: { quote: string; lines: number } | null = null;
  let leading: 'pem' | 'indented' | null = options.cutAbove ? 'indented' : null;
  for (const line of lines) {
    if (leading) {
      if (leading === 'indented' && pemBodyLine.test(line) && !/^\s/.test(line)) leading = 'pem';
      const body = leading === 'pem' ? pemBodyLine.test(line) : /^\s+\S/.test(line) || line.trim() === '';
      if (body) {
        const hidden = line.trim() === '' ? line : /^\s*/.exec(line)![0] + redactionMarker;
        emit(hidden, line.trim() === '' ? 0 : 1);
        continue;
      }
      leading = null;
    }
    if (openQuote) {
      // The rest of a quoted secret split over lines, up to its closing quote.
      const at = line.indexOf(openQuote.quote);
      if (at === -1) {
        emit(redactionMarker, 1);
        if (++openQuote.lines >= maxOpenValueLines) openQuote = null;
        continue;
      }
      const rest = redactLogLine(line.slice(at));
      emit(redactionMarker + rest.text, 1 + rest.redactions);
      const reopened = openQuoteOf(line.slice(at + openQuote.quote.length));
      openQuote = reopened ? { quote: reopened, lines: 0 } : null;
      continue;
    }
    if (inPem) {
      emit(pemEnd.test(line) ? line.replace(/^[\s\S]*?(-----END)/, `${redactionMarker} $1`) : redactionMarker, 1);
      if (pemEnd.test(line)) inPem = false;
      continue;
    }
    const indent = /^\s*/.exec(line)![0].length;
    if (pendingIndent !== null) {
      if (line.trim() !== '' && (indent > pendingIndent || pendingIndent === -1)) {
        emit(line.slice(0, indent) + redactionMarker, 1);
        // A block scalar continues while lines stay indented deeper than its key; one value line otherwise.
        if (pendingIndent === -1) pendingIndent = null;
        continue;
      }
      pendingIndent = null;
    }
    const one = redactLogLine(line);
    emit(one.text, one.redactions);
    if (pemBegin.test(line) && !pemEnd.test(line.slice(line.search(pemBegin)))) {
      inPem = true;
      continue;
    }
    const quote = openQuoteOf(line);
    if (quote) {
      openQuote = { quote, lines: 0 };
      continue;
    }
    const dangling = danglingKey.exec(line);
    if (dangling && isSecretKey(dangling[1]!)) pendingIndent = /[|>][-+]?\s*$/.test(line) ? indent : -1;
  }
  return { lines: out, redactions: perLine.reduce((sum, n) => sum + n, 0), perLine };
}
