// Alertmanager's inhibition, evaluated on label sets (amtool cannot: it tests routes only). The
// semantics are Alertmanager's (inhibit/inhibit.go): a firing alert matching a rule's source
// matchers mutes an alert matching its target matchers when every `equal` label has the same value
// on both, and a label missing on both has the same value, "". An alert matching both sides is
// never muted by a source that also matches both, so no alert mutes itself.

export type Labels = Record<string, string>;

export interface InhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}

interface Matcher {
  name: string;
  type: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** `name="value"`, `name!=""`, `name=~"a|b"`, `name!~"x"` (the value quoted or bare). */
function parseMatcher(text: string): Matcher {
  const found = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!found) throw new Error(`not a matcher: ${text}`);
  const raw = found[3] ?? '';
  const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? (JSON.parse(raw) as string) : raw;
  return { name: found[1] ?? '', type: found[2] as Matcher['type'], value };
}

function matchesOne(matcher: Matcher, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.type) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(actual);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(actual);
  }
}

function matchesAll(matchers: readonly string[] | undefined, labels: Labels): boolean {
  return (matchers ?? []).every((m) => matchesOne(parseMatcher(m), labels));
}

/** The firing alert that mutes `target` under these rules, if any. */
export function inhibitorOf(rules: readonly InhibitRule[], firing: readonly Labels[], target: Labels): Labels | undefined {
  for (const rule of rules) {
    if (!matchesAll(rule.target_matchers, target)) continue;
    const twoSided = matchesAll(rule.source_matchers, target);
    const source = firing.find(
      (alert) =>
        matchesAll(rule.source_matchers, alert) &&
        (rule.equal ?? []).every((name) => (alert[name] ?? '') === (target[name] ?? '')) &&
        !(twoSided && matchesAll(rule.target_matchers, alert)),
    );
    if (source) return source;
  }
  return undefined;
}

/** The rule's `equal` labels that its matchers do not require on both sides: where both alerts lack
 *  one, Alertmanager takes them as equal and mutes alerts that have nothing to do with each other. */
export function unguardedEqualLabels(rule: InhibitRule): string[] {
  const required = (matchers: readonly string[] | undefined, name: string) =>
    (matchers ?? []).some((text) => {
      const m = parseMatcher(text);
      return m.name === name && !matchesOne(m, {});
    });
  return (rule.equal ?? []).filter((name) => !required(rule.source_matchers, name) || !required(rule.target_matchers, name));
}
