// Review 10 verify probe: a read cut by the API server's byte limit began at the line count asked
// for (tail + context), so it may begin inside a block just as a full read does.
import { describe, expect, it } from 'vitest';
import { redactionMarker } from './log-contract';
import { podLogRequest, tailOfLog } from './pod-logs';

describe('probe: tailOfLog when the byte limit cut the read', () => {
  it('hides the leading body of a YAML block whose secret key lies above the read', () => {
    const request = podLogRequest({ namespace: 'n', pod: 'p', container: 'c' }, { tail: 1000, timestamps: false });
    // The log: `  password: |` on the line just above where tailLines=1050 starts the read, then its
    // block value, then long JSON lines. The API server sends tailLines' lines from their start up to
    // limitBytes, so fewer than 1050 lines come back and the first is the block's value.
    const long = `{"level":"info","msg":"${'request served '.repeat(60)}"}`;
    const lines = ['      correct horse battery staple'];
    while (lines.join('\n').length < request.limitBytes) lines.push(long);
    const text = lines.join('\n').slice(0, request.limitBytes);
    const shown = tailOfLog(text, { tailLines: 1000, limitBytes: request.limitBytes });
    expect(shown.truncated).toBe(true);
    expect(shown.lines[0]).toBe(`      ${redactionMarker}`);
  });
});
