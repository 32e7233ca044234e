import { describe, expect, it } from 'vitest';
import { redactionMarker as R, redactLogLine, redactLogLines } from './redact-log-line';
import { tailOfLog } from './pod-logs';

// Probes (review 10b, attacker): ways a secret reaches an operator's browser through the log tail.

describe('probe: timestamps=true (the log view\'s "Timestamps" checkbox) defeats the YAML block redaction', () => {
  // The API server prefixes every line with its RFC 3339 time when asked for timestamps=true.
  const stamp = (line: string) => `2026-12-02T07:00:00.000000000Z ${line}`;
  const block = ['config:', '  database:', '    password: |', '      Summer-2026-prod', '    user: wallet'];

  it('hides the block value without timestamps (control)', () => {
    expect(redactLogLines(block).lines).toContain(`      ${R}`);
  });

  it('hides the same block value with timestamps', () => {
    const text = block.map(stamp).join('\n');
    const tail = tailOfLog(text, { tailLines: 100, limitBytes: 1_000_000 });
    expect(tail.lines.join('\n')).not.toContain('Summer-2026-prod');
  });
});

describe('probe: key names glued to their secret word are not recognised', () => {
  it.each([
    ['libpq env var', 'PGPASSWORD=Summer-2026-prod psql -h db -U wallet', 'Summer-2026-prod'],
    ['mongo env var', 'MONGOPASSWORD=Summer-2026-prod', 'Summer-2026-prod'],
    ['redis env var', 'export REDISPASS=Summer-2026-prod', 'Summer-2026-prod'],
    ['lowercase JSON field', '{"user":"alice","newpassword":"Summer-2026-prod"}', 'Summer-2026-prod'],
    ['lowercase query parameter', 'GET /cb?accesstoken=short-tok-1234&x=1', 'short-tok-1234'],
    ['Go short assignment', 'password := "Summer-2026-prod"', 'Summer-2026-prod'],
    ['Ruby/PHP hash arrow', 'client_secret => "Summer-2026-prod"', 'Summer-2026-prod'],
  ])('%s', (_, line, secret) => {
    expect(redactLogLine(line).text).not.toContain(secret);
  });
});
