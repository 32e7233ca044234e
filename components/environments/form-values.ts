import type { z } from 'zod';
import { dependenciesFromValues, dependencyValues } from './dependency-values';
import { componentNames, environmentSpecSchema, type ComponentName, type EnvironmentSpec, type Tier } from '@/lib/core/environments/environment-spec';

// The spec form keeps every field as the text (or checkbox) the user sees, keyed by the field's
// path in the spec, so validation issues from zod or the API land on the field with that path.

export type FormValues = Record<string, string | boolean>;

const text = (value: number | string | undefined) => (value === undefined ? '' : String(value));

export function valuesFromSpec(spec: EnvironmentSpec): FormValues {
  const values: FormValues = {
    name: spec.name,
    cluster: spec.cluster,
    namespace: spec.namespace,
    tier: spec.tier,
    nodes: text(spec.nodes),
    'protection.protected': spec.protection.protected,
    'protection.approvalsRequired': text(spec.protection.approvalsRequired),
    'protection.approvalExpiryHours': text(spec.protection.approvalExpiryHours),
    'toggles.mtlsStrict': spec.toggles.mtlsStrict,
    'toggles.monitoring': spec.toggles.monitoring,
    'toggles.tracingSamplingRatio': text(spec.toggles.tracingSamplingRatio),
    'observability.prometheusUrl': spec.observability.prometheusUrl,
    'observability.grafanaUrl': spec.observability.grafanaUrl,
    'observability.grafanaDashboardIds': spec.observability.grafanaDashboardIds.join(', '),
    'observability.jaegerUrl': spec.observability.jaegerUrl,
    'observability.alertmanagerUrl': spec.observability.alertmanagerUrl,
    // No input shows it yet; kept so that saving the form does not drop it.
    'observability.deadMansSwitch': spec.observability.deadMansSwitch,
    // No input edits it yet (the API and CLI do): carried through as JSON so an edit keeps the reasons.
    podSecurity: spec.podSecurity ? JSON.stringify(spec.podSecurity) : '',
    // No input yet either (a platform-run Grafana): kept as JSON text, absent stays absent.
    'observability.grafana': spec.observability.grafana ? JSON.stringify(spec.observability.grafana) : '',
  };
  for (const name of componentNames) {
    const component = spec.components[name];
    const at = (path: string) => `components.${name}.${path}`;
    Object.assign(values, {
      [at('enabled')]: component.enabled,
      [at('image.repository')]: component.image.repository,
      [at('image.ref')]: component.image.digest ?? component.image.tag ?? '',
      [at('replicas')]: text(component.replicas),
      [at('autoscaling.enabled')]: component.autoscaling.enabled,
      [at('autoscaling.minReplicas')]: text(component.autoscaling.minReplicas),
      [at('autoscaling.maxReplicas')]: text(component.autoscaling.maxReplicas),
      [at('autoscaling.triggers.requestsPerSecond')]: text(component.autoscaling.triggers.requestsPerSecond),
      [at('autoscaling.triggers.queueLength')]: text(component.autoscaling.triggers.queueLength),
      [at('autoscaling.triggers.cpuUtilizationPercent')]: text(component.autoscaling.triggers.cpuUtilizationPercent),
      // No input shows these yet (another change builds them); kept so that saving the form does not drop them.
      [at('autoscaling.triggers.memoryUtilizationPercent')]: text(component.autoscaling.triggers.memoryUtilizationPercent),
      [at('autoscaling.workingHours')]: component.autoscaling.workingHours ? JSON.stringify(component.autoscaling.workingHours) : '',
      [at('resources.requests.cpu')]: component.resources.requests.cpu,
      [at('resources.requests.memory')]: component.resources.requests.memory,
      [at('resources.limits.cpu')]: component.resources.limits.cpu,
      [at('resources.limits.memory')]: component.resources.limits.memory,
      ...dependencyValues(name, component.dependencies),
      // No input edits these yet (the API and CLI do): carried through as JSON so an edit in the
      // form keeps them.
      [at('rateLimit')]: component.rateLimit ? JSON.stringify(component.rateLimit) : '',
      [at('canary')]: component.canary ? JSON.stringify(component.canary) : '',
    });
  }
  return values;
}

const str = (values: FormValues, key: string) => {
  const value = values[key];
  return typeof value === 'string' ? value.trim() : '';
};
const bool = (values: FormValues, key: string) => values[key] === true;
// Empty text stays undefined so zod reports "required" instead of silently using 0.
const num = (values: FormValues, key: string) => {
  const value = str(values, key);
  return value === '' ? undefined : Number(value);
};

// A value kept as JSON text: absent stays absent (the schema's default), text that does not parse
// stays text (the schema reports it on the field).
const json = (values: FormValues, key: string): unknown => {
  const value = str(values, key);
  if (value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** The spec the form describes; not validated (that is environmentSpecSchema's job). */
export function specFromValues(values: FormValues): unknown {
  // The JSON round trip drops empty optional fields, so diffs and request bodies do not carry them.
  return JSON.parse(JSON.stringify(rawSpecFromValues(values)));
}

function rawSpecFromValues(values: FormValues): unknown {
  const components: Record<string, unknown> = {};
  for (const name of componentNames) {
    const at = (path: string) => `components.${name}.${path}`;
    const ref = str(values, at('image.ref'));
    components[name] = {
      enabled: bool(values, at('enabled')),
      image: { repository: str(values, at('image.repository')), ...(ref.startsWith('sha256:') ? { digest: ref } : ref ? { tag: ref } : {}) },
      replicas: num(values, at('replicas')),
      autoscaling: {
        enabled: bool(values, at('autoscaling.enabled')),
        minReplicas: num(values, at('autoscaling.minReplicas')),
        maxReplicas: num(values, at('autoscaling.maxReplicas')),
        triggers: {
          requestsPerSecond: num(values, at('autoscaling.triggers.requestsPerSecond')),
          queueLength: num(values, at('autoscaling.triggers.queueLength')),
          cpuUtilizationPercent: num(values, at('autoscaling.triggers.cpuUtilizationPercent')),
          memoryUtilizationPercent: num(values, at('autoscaling.triggers.memoryUtilizationPercent')),
        },
        workingHours: json(values, at('autoscaling.workingHours')),
      },
      resources: {
        requests: { cpu: str(values, at('resources.requests.cpu')), memory: str(values, at('resources.requests.memory')) },
        limits: { cpu: str(values, at('resources.limits.cpu')), memory: str(values, at('resources.limits.memory')) },
      },
      dependencies: dependenciesFromValues(values, name),
      rateLimit: json(values, at('rateLimit')),
      canary: json(values, at('canary')),
    };
  }
  return {
    name: str(values, 'name'),
    cluster: str(values, 'cluster'),
    namespace: str(values, 'namespace'),
    tier: str(values, 'tier') as Tier,
    nodes: num(values, 'nodes'),
    podSecurity: json(values, 'podSecurity'),
    protection: {
      protected: bool(values, 'protection.protected'),
      approvalsRequired: num(values, 'protection.approvalsRequired'),
      approvalExpiryHours: num(values, 'protection.approvalExpiryHours'),
    },
    components,
    toggles: {
      mtlsStrict: bool(values, 'toggles.mtlsStrict'),
      monitoring: bool(values, 'toggles.monitoring'),
      tracingSamplingRatio: num(values, 'toggles.tracingSamplingRatio'),
    },
    observability: {
      prometheusUrl: str(values, 'observability.prometheusUrl'),
      grafanaUrl: str(values, 'observability.grafanaUrl'),
      grafanaDashboardIds: str(values, 'observability.grafanaDashboardIds')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
      jaegerUrl: str(values, 'observability.jaegerUrl'),
      alertmanagerUrl: str(values, 'observability.alertmanagerUrl'),
      deadMansSwitch: bool(values, 'observability.deadMansSwitch'),
      grafana: json(values, 'observability.grafana') as EnvironmentSpec['observability']['grafana'],
    },
  };
}

/**
 * The form field an issue belongs to. API paths are paths of the request body ("spec.…"); tag and
 * digest share one input; list items belong to their list's input, except a dependency's CIDR
 * blocks, which have one input each.
 */
export function fieldKeyForIssue(path: string): string {
  const withoutPrefix = path.startsWith('spec.') ? path.slice('spec.'.length) : path;
  if (/^components\.[^.]+\.dependencies\.\d+\.cidrs\.\d+$/.test(withoutPrefix)) return withoutPrefix;
  const image = /^(components\.[^.]+)\.image(\.(tag|digest))?$/.exec(withoutPrefix);
  if (image) return `${image[1]}.image.ref`;
  return withoutPrefix.replace(/\.\d+$/, '');
}

export type FieldErrors = Record<string, string>;

function friendlyMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined || value === '') return 'required';
    if (issue.expected === 'int' || issue.expected === 'number') return 'must be a number';
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'required';
  return issue.message;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Validates the form with the same schema the server uses; the first issue per field wins. */
export function validateValues(values: FormValues): { spec?: EnvironmentSpec; errors: FieldErrors } {
  const candidate = specFromValues(values);
  const result = environmentSpecSchema.safeParse(candidate);
  if (result.success) return { spec: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = fieldKeyForIssue(issue.path.map(String).join('.'));
    errors[key] ??= friendlyMessage(issue, valueAt(candidate, issue.path));
  }
  return { errors };
}

export function componentFieldKey(name: ComponentName, path: string): string {
  return `components.${name}.${path}`;
}

/** A DOM id for a field key (dots are legal in ids but awkward in CSS selectors and URLs). */
export function fieldId(key: string): string {
  return `field-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
