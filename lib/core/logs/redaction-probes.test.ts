import { describe, expect, it } from 'vitest';
import { redactionMarker as R, redactLogLines } from './redact-log-line';
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
