import { describe, expect, it } from 'vitest';
import { terminalJson, terminalText } from './terminal-text';

describe('terminal text', () => {
  it('removes a window-title OSC sequence whole, with either terminator', () => {
    expect(terminalText('raise replicas\u001b]0;pwned\u0007 now')).toBe('raise replicas now');
    expect(terminalText('a\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\b')).toBe('alinkb');
    expect(terminalText('cut\u001b]0;never terminated')).toBe('cut');
  });

  it('removes CSI sequences that move the cursor, clear the screen or colour text', () => {
    expect(terminalText('ok\u001b[2J\u001b[1;1H\u001b[31mred\u001b[0m\u001b[?25l')).toBe('okred');
    expect(terminalText('up\u001b[1A\u001b[2Kover')).toBe('upover');
  });

  it('removes 8-bit C1 sequences and characters, and other escapes', () => {
    expect(terminalText('x\u009b31my\u009d0;t\u009cz')).toBe('xyz');
    expect(terminalText('reset\u001bc\u001b7\u001b(Bdone')).toBe('resetdone');
    expect(terminalText('a\u0085b\u008fc\u007fd')).toBe('abcd');
  });

  it('removes bells, backspaces, NULs and bare carriage returns; keeps ordinary text, accents and emoji', () => {
    expect(terminalText('be\u0007ll\u0008\u0000 done')).toBe('bell done');
    expect(terminalText('secret\rdecoy', { multiline: true })).toBe('secretdecoy');
    expect(terminalText('Zoë – déploiement 🚀 <b>&')).toBe('Zoë – déploiement 🚀 <b>&');
  });

  it('turns line breaks and tabs into spaces on one line, keeps them in multi-line text', () => {
    expect(terminalText('first\r\nsecond\tthird')).toBe('first second third');
    expect(terminalText('first\r\nsecond\tthird\u001b[2K', { multiline: true })).toBe('first\nsecond\tthird');
  });

  it('prints JSON that parses back to the same data, with no raw control characters', () => {
    const value = { note: 'a\u001b]0;pwned\u0007b\u009bc\u007f', nested: ['\u0000'] };
    const text = terminalJson(value);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
