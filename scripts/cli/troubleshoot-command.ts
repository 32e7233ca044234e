// `personapass troubleshoot ENV [--component C] [--bundle FILE]`: the environment's diagnosis as
// text (exit code 2 when it finds a problem, so scripts can act on it), and with --bundle the
// support bundle written to FILE. A thin client like the rest: the server decides and redacts.
import { writeFile } from 'node:fs/promises';
import { terminalText } from './terminal-text';

type Api = (method: string, path: string) => Promise<any>;
type Finding = { area: string; component: string; severity: 'problem' | 'warning'; what: string; evidence: string[]; action: string };
type Diagnosis = { environment: string; component: string | null; diagnosedAt: string; areas: Array<{ area: string; status: string; reason?: string }>; findings: Finding[] };

const areaNames: Record<string, string> = { startup: 'pod start-up', network: 'network', scaling: 'scaling', performance: 'performance' };

/** The diagnosis as a person reads it in a terminal; every line is passed through terminalText by the caller. */
export function diagnosisText(diagnosis: Diagnosis): string {
  const scope = diagnosis.component ? `component ${diagnosis.component}` : 'all components';
  const areas = diagnosis.areas.map((a) => (a.status === 'checked' ? `${areaNames[a.area] ?? a.area}: checked` : `${areaNames[a.area] ?? a.area}: UNAVAILABLE (${a.reason ?? 'no reason'})`));
  const lines = [`diagnosis of ${diagnosis.environment} (${scope}) at ${diagnosis.diagnosedAt}`, ...areas.map((text) => `  ${text}`), ''];
  if (diagnosis.findings.length === 0) lines.push('no findings: nothing the console checks is wrong');
  for (const finding of diagnosis.findings) {
    lines.push(`${finding.severity === 'problem' ? 'PROBLEM' : 'WARNING'} [${areaNames[finding.area] ?? finding.area}] ${finding.component}: ${finding.what}`);
    for (const evidence of finding.evidence) lines.push(`    - ${evidence}`);
    lines.push(`    what to do: ${finding.action}`, '');
  }
  return lines.join('\n');
}

export async function troubleshootCommand(environment: string | undefined, values: { component?: string; bundle?: string }, api: Api, fail: (message: string) => never): Promise<void> {
  if (!environment) fail('troubleshoot needs an environment name');
  const query = values.component ? `?component=${encodeURIComponent(values.component)}` : '';
  const path = `/environments/${encodeURIComponent(environment!)}`;
  if (values.bundle) {
    const archive = await download(`${path}/support-bundle${query}`, fail);
    await writeFile(values.bundle, archive, { mode: 0o600 });
    console.log(terminalText(`support bundle written to ${values.bundle} (${archive.length} bytes)`));
  }
  const diagnosis = (await api('GET', `${path}/diagnosis${query}`)) as Diagnosis;
  console.log(terminalText(diagnosisText(diagnosis), { multiline: true }));
  if (diagnosis.findings.some((finding) => finding.severity === 'problem')) process.exitCode = 2;
}

async function download(path: string, fail: (message: string) => never): Promise<Buffer> {
  const base = process.env.PERSONAPASS_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.PERSONAPASS_TOKEN;
  if (!token) fail('set PERSONAPASS_TOKEN to a personal API token (create one under API tokens in the console)');
  const response = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }).catch((error: Error) => fail(`cannot reach ${base}: ${error.message}`));
  if (!response.ok) {
    const error = ((await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error ?? {};
    fail(`${response.status} ${error.code ?? 'error'}: ${error.message ?? response.statusText}`);
  }
  return Buffer.from(await response.arrayBuffer());
}
