// What a diagnosis says: per component, findings in the seed's four areas of common trouble (pod
// start-up, network connectivity, scaling, performance), each with what is wrong, the evidence the
// console read, and what to do. Pure types and assembly: the use case reads, these files judge.
import type { ComponentName } from '../environments/environment-spec';

export const diagnosisAreas = ['startup', 'network', 'scaling', 'performance'] as const;
export type DiagnosisArea = (typeof diagnosisAreas)[number];

export const areaTitles: Record<DiagnosisArea, string> = {
  startup: 'Pod start-up',
  network: 'Network connectivity',
  scaling: 'Scaling',
  performance: 'Performance',
};

export type Finding = {
  area: DiagnosisArea;
  component: ComponentName;
  /** `problem`: something is broken now; `warning`: close to it, or will break on the next change. */
  severity: 'problem' | 'warning';
  /** What is wrong, in one sentence. */
  what: string;
  /** What the console read that shows it (object states, messages, metric values). */
  evidence: string[];
  /** What to do about it. */
  action: string;
  /** The object it is about (Kind/name), when there is one. */
  object?: string;
};

/** Whether an area could be judged: a source that failed (Prometheus down) makes its area `unavailable`, alone. */
export type AreaCheck = { area: DiagnosisArea; status: 'checked' | 'unavailable'; reason?: string };

export type Diagnosis = {
  environment: string;
  /** The component asked for, or null for all enabled ones. */
  component: ComponentName | null;
  components: ComponentName[];
  diagnosedAt: string;
  areas: AreaCheck[];
  findings: Finding[];
};

/** An area's findings, or why it could not be judged. */
export type AreaResult = { findings: Finding[] } | { unavailable: string };

const severityOrder = { problem: 0, warning: 1 } as const;

/** Problems before warnings, then by area in the seed's order, then by component. */
export function assembleDiagnosis(input: { environment: string; component: ComponentName | null; components: ComponentName[]; now: Date; results: Record<DiagnosisArea, AreaResult> }): Diagnosis {
  const areas: AreaCheck[] = diagnosisAreas.map((area) => {
    const result = input.results[area];
    return 'unavailable' in result ? { area, status: 'unavailable', reason: result.unavailable } : { area, status: 'checked' };
  });
  const findings = diagnosisAreas
    .flatMap((area) => {
      const result = input.results[area];
      return 'findings' in result ? result.findings : [];
    })
    .filter((finding) => input.components.includes(finding.component))
    .sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || diagnosisAreas.indexOf(a.area) - diagnosisAreas.indexOf(b.area) || a.component.localeCompare(b.component));
  return { environment: input.environment, component: input.component, components: input.components, diagnosedAt: input.now.toISOString(), areas, findings };
}
