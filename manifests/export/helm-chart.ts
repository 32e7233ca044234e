import { createHash } from 'node:crypto';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { toPlain } from '../kube-object';
import { renderFiles, renderPlainFiles } from '../render-files';
import { renderPlatform } from '../render-platform';
import { anotherTypePatterns, readsAsAnotherType, toYaml } from '../yaml-text';

// The Helm export. The chart's templates come from the typed definitions themselves: the
// environment's spec is rendered with one per-environment scalar replaced by a sentinel, and where
// the sentinel lands in the rendered text the template reads `.Values.<its spec path>`. A scalar
// becomes a value only when that is exact: the template, filled in with the environment's own
// values the way Helm fills it in, must give the plain render byte for byte. Everything else (the
// tier, booleans such as toggles and enabled components, list lengths, and any scalar the render
// derives other fields from, such as a replica count a disruption budget is computed from) is
// fixed in the chart, and an environment whose render differs from the chart's anywhere but in
// the values is refused: it needs its own chart.

export type SpecPath = readonly (string | number)[];
type Scalar = string | number;
type Segment = { text: string } | { path: SpecPath; mode: 'raw' | 'string' | 'number' };
type Template = { file: string; segments: Segment[] };

export type HelmChart = {
  /** Chart files by path inside the chart folder. */
  files: Record<string, string>;
  /** The spec paths the chart reads from values, and the ones it fixes (with why). */
  values: SpecPath[];
  fixed: { path: SpecPath; reason: string }[];
  /** The plain render's file each template stands for, by template path. */
  templateOf: Record<string, string>;
};

const chartName = 'personapass-platform';
// Spec scalars the chart never takes from values, whatever the render does with them.
const neverValues: Record<string, string> = {
  tier: 'the tier decides which objects exist',
};

function leaves(node: unknown, path: SpecPath = []): { path: SpecPath; value: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => leaves(item, [...path, index]));
  if (node !== null && typeof node === 'object') return Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]));
  return [{ path, value: node }];
}

function withLeaf<T>(spec: T, path: SpecPath, value: unknown): T {
  const copy = structuredClone(spec) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy as T;
}

function valueAt(spec: unknown, path: SpecPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], spec);
}

// Sentinels pass unchanged through the render and are plain YAML: lower-case letters and digits (a
// DNS label, a host, an image tag) or a nine-digit number, all of one length so none contains another.
const stringSentinel = (index: number) => `ppsentinel${String(index).padStart(3, '0')}x`;
const wholeSentinel = (index: number) => `ppwholestr${String(index).padStart(3, '0')}x`;
const numberSentinel = (index: number) => 987_651_000 + index;
const sentinelPattern = /ppsentinel(\d{3})x|ppwholestr(\d{3})x|98765(1\d{3})/g;

/** The environment's files with the given leaves replaced by sentinels, a string leaf that is the
 *  whole scalar marked as such (Helm must quote it as toYaml would). */
function sentinelFiles(spec: EnvironmentSpec, indexed: { path: SpecPath; index: number; value: Scalar }[]): Record<string, string> | undefined {
  let marked = spec;
  for (const { path, index, value } of indexed) marked = withLeaf(marked, path, typeof value === 'number' ? numberSentinel(index) : stringSentinel(index));
  let objects;
  try {
    objects = renderPlatform(marked).map(toPlain);
  } catch {
    return undefined; // the render reads the scalar (parses a CIDR, a quantity): not a value
  }
  const wholes = new Map(indexed.filter((i) => typeof i.value === 'string').map((i) => [stringSentinel(i.index), wholeSentinel(i.index)]));
  const mark = (node: unknown): unknown => {
    if (typeof node === 'string') return wholes.get(node) ?? node;
    if (Array.isArray(node)) return node.map(mark);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [wholes.get(k) ?? k, mark(v)]));
    return node;
  };
  const files = renderPlainFiles(objects.map((o) => mark(o) as Record<string, unknown>));
  delete files['kustomization.yaml'];
  return files;
}

function templatesOf(files: Record<string, string>, byIndex: Map<number, SpecPath>, realFiles: string[]): Template[] {
  return Object.values(files).map((text, position) => {
    const segments: Segment[] = [];
    let last = 0;
    for (const match of text.matchAll(sentinelPattern)) {
      const index = Number(match[1] ?? match[2] ?? Number(match[3]) - 1000);
      const path = byIndex.get(index);
      if (!path) continue;
      segments.push({ text: text.slice(last, match.index) });
      segments.push({ path, mode: match[1] ? 'raw' : match[2] ? 'string' : 'number' });
      last = match.index + match[0].length;
    }
    segments.push({ text: text.slice(last) });
    return { file: realFiles[position] ?? '', segments };
  });
}

// What Helm prints for a value, as the chart's helpers print it; undefined where Helm would print
// something else than the plain render (the self-check then refuses the value).
function helmText(value: unknown, mode: 'raw' | 'string' | 'number'): string | undefined {
  if (mode === 'number') {
    if (typeof value !== 'number') return undefined;
    if (Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value) : undefined;
    // Go prints a float64 with %g: exponent notation below 1e-4 and from 1e6.
    return Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6 ? String(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (mode === 'raw' || !readsAsAnotherType(value)) return value;
  // sprig's quote is Go's %q, the same as JSON for printable ASCII without quotes or backslashes.
  return /^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value) ? JSON.stringify(value) : undefined;
}

function fill(template: Template, spec: EnvironmentSpec): string | undefined {
  let out = '';
  for (const segment of template.segments) {
    if ('text' in segment) out += segment.text;
    else {
      const text = helmText(valueAt(spec, segment.path), segment.mode);
      if (text === undefined) return undefined;
      out += text;
    }
  }
  return out;
}

/** Why the environment's plain render is not what the templates give with its values, or undefined. */
function mismatch(templates: Template[], spec: EnvironmentSpec, real: Record<string, string>): string | undefined {
  const files = Object.entries(real).filter(([file]) => file !== 'kustomization.yaml');
  if (files.length !== templates.length) return `it renders ${files.length} objects, the chart ${templates.length}`;
  for (const [position, [file, text]] of files.entries()) {
    const template = templates[position] as Template;
    if (fill(template, spec) !== text) return `${file} differs from the chart's ${template.file} beyond the chart's values`;
  }
  return undefined;
}

function build(spec: EnvironmentSpec): { templates: Template[]; values: SpecPath[]; fixed: HelmChart['fixed'] } {
  const real = renderFiles(renderPlatform(spec));
  const realFiles = Object.keys(real).filter((file) => file !== 'kustomization.yaml');
  const fixed: HelmChart['fixed'] = [];
  const candidates: { path: SpecPath; index: number; value: Scalar }[] = [];
  leaves(spec).forEach(({ path, value }, index) => {
    const key = path.join('.');
    if (neverValues[key]) fixed.push({ path, reason: neverValues[key] });
    else if (typeof value === 'boolean') fixed.push({ path, reason: 'a switch: it decides which objects and fields exist' });
    else if (typeof value === 'string' || typeof value === 'number') candidates.push({ path, index, value });
  });
  const accepted: typeof candidates = [];
  for (const candidate of candidates) {
    const files = sentinelFiles(spec, [candidate]);
    const byIndex = new Map([[candidate.index, candidate.path]]);
    const templates = files && templatesOf(files, byIndex, realFiles);
    const used = templates?.some((t) => t.segments.some((s) => 'path' in s));
    if (!templates) fixed.push({ path: candidate.path, reason: 'the render reads it (parses or computes from it)' });
    else if (mismatch(templates, spec, real)) fixed.push({ path: candidate.path, reason: 'other fields are derived from it' });
    else if (!used) fixed.push({ path: candidate.path, reason: 'not written into any object' });
    else accepted.push(candidate);
  }
  const files = sentinelFiles(spec, accepted);
  const templates = files && templatesOf(files, new Map(accepted.map((a) => [a.index, a.path])), realFiles);
  const problem = templates ? mismatch(templates, spec, real) : 'the render refused the combined values';
  if (!templates || problem) throw new Error(`the Helm chart of ${spec.name} does not reproduce its render: ${problem}`);
  return { templates, values: accepted.map((a) => a.path), fixed };
}

// Literal text may hold Go template braces (alert annotations' {{ $labels.x }}, Alertmanager
// templates): each `{{` is printed by an action instead, and a `{` just before an action too.
function escapeLiteral(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}').replace(/\{$/, '{{ "{" }}');
}

function valueReference(path: SpecPath): string {
  return `(index .Values ${path.map((key) => (typeof key === 'number' ? String(key) : JSON.stringify(key))).join(' ')})`;
}

function templateText(template: Template): string {
  return template.segments
    .map((segment) => {
      if ('text' in segment) return escapeLiteral(segment.text);
      if (segment.mode === 'raw') return `{{ ${valueReference(segment.path)} }}`;
      return `{{ include "personapass.${segment.mode}" ${valueReference(segment.path)} }}`;
    })
    .join('');
}

const helpers = `{{/* Print a value as the plain render writes it (manifests/yaml-text.ts): a string that a YAML
reader would take for another type double-quoted, a whole number without exponent. */}}
{{- define "personapass.string" -}}
{{- $s := toString . -}}{{- if or (regexMatch \`${anotherTypePatterns.plain}\` $s) (and (regexMatch \`${anotherTypePatterns.numberStart}\` $s) (regexMatch \`${anotherTypePatterns.numberWithoutUnderscores}\` (replace "_" "" $s))) -}}{{ quote . }}{{- else -}}{{ . }}{{- end -}}
{{- end -}}
{{- define "personapass.number" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) -}}{{ int64 . }}{{- else -}}{{ . }}{{- end -}}
{{- end -}}
`;

function valuesOf(spec: EnvironmentSpec, paths: SpecPath[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const path of paths) {
    let node: Record<string | number, unknown> = values;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = valueAt(spec, path);
      else node = (node[key] ??= typeof path[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return values;
}

const dotted = (path: SpecPath) => path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('').slice(1);

/**
 * A Helm chart of the given environments: the first one's structure, one values-<name>.yaml per
 * environment. Throws when an environment's render is not the chart's with its values (another
 * tier, another toggle, another set of dependencies...): export it to a chart of its own.
 */
export function renderHelmChart(specs: readonly EnvironmentSpec[]): HelmChart {
  const [first, ...others] = specs;
  if (!first) throw new Error('no environment to export');
  const { templates, values, fixed } = build(first);
  for (const spec of others) {
    const problem = mismatch(templates, spec, renderFiles(renderPlatform(spec)));
    if (problem) {
      throw new Error(`${spec.name} does not fit the chart of ${first.name} (${problem}): a chart holds environments of one structure; export ${spec.name} to its own --out`);
    }
  }
  const files: Record<string, string> = {};
  const templateOf: Record<string, string> = {};
  for (const template of templates) {
    const path = `templates/${template.file}`;
    files[path] = templateText(template);
    templateOf[path] = template.file;
  }
  files['templates/_helpers.tpl'] = helpers;
  const structure = createHash('sha256').update(JSON.stringify(Object.entries(files))).digest('hex').slice(0, 16);
  files['Chart.yaml'] = toYaml({
    apiVersion: 'v2',
    name: chartName,
    description: `The PersonaPass platform of ${first.tier} environments like ${first.name}, exported by the console (npm run render -- --format helm)`,
    type: 'application',
    version: '1.0.0',
    annotations: {
      'personapass.dev/tier': first.tier,
      // Charts with the same structure hash differ only in their values files.
      'personapass.dev/structure': structure,
      'personapass.dev/values': values.map(dotted).join(', '),
      'personapass.dev/fixed': fixed.map((f) => dotted(f.path)).join(', '),
    },
  });
  files['values.yaml'] = toYaml(valuesOf(first, values));
  for (const spec of specs) files[`values-${spec.name}.yaml`] = toYaml(valuesOf(spec, values));
  files['.helmignore'] = 'gitops/\nREADME.md\n.personapass-render\n';
  files['README.md'] = chartReadme(first, specs, values, fixed);
  return { files, values, fixed, templateOf };
}

function chartReadme(first: EnvironmentSpec, specs: readonly EnvironmentSpec[], values: SpecPath[], fixed: HelmChart['fixed']): string {
  return [
    `# ${chartName} (${first.tier})`,
    '',
    `Exported by the PersonaPass console from the environment${specs.length > 1 ? 's' : ''} ${specs.map((s) => s.name).join(', ')}.`,
    `\`helm template . -f values-<env>.yaml\` gives, object for object, the bytes of \`npm run render -- --env <env>\`.`,
    '',
    '## Values (per environment)',
    '',
    ...values.map((path) => `- \`${dotted(path)}\``),
    '',
    '## Fixed in this chart',
    '',
    'Changing one of these changes which objects or fields exist: change it in the console and export again.',
    '',
    ...fixed.map((f) => `- \`${dotted(f.path)}\`: ${f.reason}`),
    '',
    'Nothing secret is in values: the platform references its Secrets by name and they are created out of band.',
    '',
  ].join('\n');
}
