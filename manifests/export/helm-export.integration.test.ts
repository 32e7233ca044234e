// helm (built from the Go module proxy like the testbed's binaries: build-binaries.sh helm) lints
// the exported chart of each environment, and `helm template` with the environment's values file
// prints each object byte for byte as the plain render writes it. Also with values a team changed
// in Git: another image tag (one that must be quoted), resources and autoscaling bounds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { renderFiles } from '../render-files';
import { renderPlatform } from '../render-platform';
import { renderHelmChart } from './helm-chart';

const helm = execFileSync('bash', ['-c', 'source scripts/stack/config.sh && source scripts/stack/lib.sh && pp_need_bin helm helm'], { encoding: 'utf8' }).trim();

function writeAll(dir: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** helm template's output as { chart template path: text }. */
function helmTemplate(chartDir: string, valuesFile: string): Record<string, string> {
  const out = execFileSync(helm, ['template', 'personapass', chartDir, '-f', valuesFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const docs: Record<string, string> = {};
  for (const chunk of out.split(/^---\n/m).filter(Boolean)) {
    const [, path = '', text = ''] = /^# Source: personapass-platform\/(\S+)\n([\s\S]*)$/.exec(chunk) ?? [];
    expect(path, chunk.slice(0, 200)).not.toBe('');
    expect(docs[path]).toBeUndefined();
    docs[path] = text;
  }
  return docs;
}

function expectSameAsPlain(docs: Record<string, string>, templateOf: Record<string, string>, spec: EnvironmentSpec) {
  const plain = renderFiles(renderPlatform(spec));
  delete plain['kustomization.yaml'];
  // Templates are named after the chart's environment; the objects correspond in order.
  const chartFiles = Object.values(templateOf);
  const plainFiles = Object.keys(plain);
  expect(Object.keys(docs).length).toBe(plainFiles.length);
  for (const [template, text] of Object.entries(docs)) {
    const file = plainFiles[chartFiles.indexOf(templateOf[template] ?? '')] ?? '';
    expect(text, template).toBe(plain[file]);
  }
}

describe.each([
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
] as const)('%s', (env, tier) => {
  it('helm lint passes and helm template with values-<env>.yaml is the plain render, byte for byte', () => {
    const spec = starterSpec(env, tier);
    const chart = renderHelmChart([spec]);
    const dir = mkdtempSync(join(tmpdir(), `pp-helm-${env}-`));
    writeAll(dir, chart.files);
    execFileSync(helm, ['lint', '--strict', dir, '-f', join(dir, `values-${env}.yaml`)], { encoding: 'utf8' });
    expectSameAsPlain(helmTemplate(dir, join(dir, `values-${env}.yaml`)), chart.templateOf, spec);
  });
});

it('values a team changes in Git render as the console would render the changed spec', () => {
  const spec = starterSpec('prod', 'production');
  const chart = renderHelmChart([spec]);
  const dir = mkdtempSync(join(tmpdir(), 'pp-helm-changed-'));
  writeAll(dir, chart.files);
  const changed: EnvironmentSpec = structuredClone(spec);
  changed.components['wallet-api'].image.tag = '2.40'; // a YAML number unless quoted
  changed.components['wallet-api'].resources.limits.memory = '3Gi';
  changed.components['identity-service'].autoscaling.maxReplicas = 4;
  changed.components['credential-worker'].autoscaling.triggers.queueLength = 2_000_000; // %g would print 2e+06
  changed.components['identity-service'].autoscaling.triggers.requestsPerSecond = 12.5;
  // The values file a team would write: the chart's values of the changed spec.
  writeFileSync(join(dir, 'values-changed.yaml'), renderHelmChart([changed]).files['values.yaml'] ?? '');
  expectSameAsPlain(helmTemplate(dir, join(dir, 'values-changed.yaml')), chart.templateOf, changed);
});
