import { z } from 'zod';

// The scale form's fields as typed, checked in the browser before anything is sent (inline errors),
// and turned into the scale request with only what changed. The server checks everything again
// (scale-component.ts holds the rules: the tier's limits, a waking trigger for zero); these are the
// bounds a form can tell at once.

/** The scale panel's query: the form refreshes it after a scale. */
export const scaleQueryKey = (environment: string, component: string) => ['scale', environment, component] as const;

export type ScaleSettings = {
  autoscaled: boolean;
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
  triggers: { requestsPerSecond?: number; queueLength?: number; cpuUtilizationPercent?: number; memoryUtilizationPercent?: number };
};

export type TriggerKey = keyof ScaleSettings['triggers'];
export const triggerFields: Array<{ key: TriggerKey; label: string; hint: string; max: number; whole: boolean }> = [
  { key: 'requestsPerSecond', label: 'Requests per second per replica', hint: 'KEDA adds a replica above this rate', max: 100_000, whole: false },
  { key: 'queueLength', label: 'Queue length per replica', hint: 'Messages waiting per replica; wakes the worker from zero', max: 1_000_000, whole: true },
  { key: 'cpuUtilizationPercent', label: 'CPU utilisation %', hint: 'Of the CPU request, 1–100', max: 100, whole: true },
  { key: 'memoryUtilizationPercent', label: 'Memory utilisation %', hint: 'Of the memory request, 1–100', max: 100, whole: true },
];

/** What the inputs hold: text, as typed. */
export type ScaleFormValues = { replicas: string; minReplicas: string; maxReplicas: string; scaleToZero: boolean; reason: string } & Record<TriggerKey, string>;

export function initialValues(settings: ScaleSettings): ScaleFormValues {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    replicas: String(settings.replicas),
    minReplicas: String(settings.minReplicas),
    maxReplicas: String(settings.maxReplicas),
    scaleToZero: settings.minReplicas === 0,
    reason: '',
    requestsPerSecond: text(settings.triggers.requestsPerSecond),
    queueLength: text(settings.triggers.queueLength),
    cpuUtilizationPercent: text(settings.triggers.cpuUtilizationPercent),
    memoryUtilizationPercent: text(settings.triggers.memoryUtilizationPercent),
  };
}

const count = (label: string, min: number) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]+$/, `${label} is a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${label} is at least ${min}`).max(100, `${label} is at most 100`));

const threshold = (label: string, max: number, whole: boolean) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === '') return null;
      const value = Number(text);
      if (!Number.isFinite(value) || value <= 0 || value > max || (whole && !Number.isInteger(value))) {
        ctx.addIssue({ code: 'custom', message: `${label} is ${whole ? 'a whole number' : 'a number'} above 0 and at most ${max.toLocaleString('en')}, or empty for none` });
        return z.NEVER;
      }
      return value;
    });

export type ScaleBody = {
  component: string;
  replicas?: number;
  minReplicas?: number;
  maxReplicas?: number;
  triggers?: Partial<Record<TriggerKey, number | null>>;
  scaleToZero?: boolean;
  reason?: string;
  expectedRevision: number;
};

export type ScaleFormResult = { ok: true; body: ScaleBody } | { ok: false; errors: Partial<Record<keyof ScaleFormValues | 'form', string>> };

/** The request for what changed, or the inline errors (keyed by field; `form` when nothing changed). */
export function toScaleRequest(component: string, revision: number, settings: ScaleSettings, values: ScaleFormValues): ScaleFormResult {
  const errors: Partial<Record<keyof ScaleFormValues | 'form', string>> = {};
  const body: ScaleBody = { component, expectedRevision: revision };
  const read = <T>(field: keyof ScaleFormValues, schema: z.ZodType<T, string>): T | undefined => {
    const parsed = schema.safeParse(values[field]);
    if (parsed.success) return parsed.data;
    errors[field] = parsed.error.issues[0]!.message;
    return undefined;
  };
  if (!settings.autoscaled) {
    const replicas = read('replicas', count('Replicas', 0));
    if (replicas !== undefined && replicas !== settings.replicas) body.replicas = replicas;
  } else {
    const max = read('maxReplicas', count('Maximum', 1));
    const min = values.scaleToZero ? 0 : read('minReplicas', count('Minimum', 1));
    if (min !== undefined && max !== undefined && min > max) errors.minReplicas = `Minimum (${min}) must not exceed the maximum (${max})`;
    if (values.scaleToZero !== (settings.minReplicas === 0)) body.scaleToZero = values.scaleToZero;
    if (!values.scaleToZero && min !== undefined && min !== settings.minReplicas) body.minReplicas = min;
    if (max !== undefined && max !== settings.maxReplicas) body.maxReplicas = max;
    const triggers: Partial<Record<TriggerKey, number | null>> = {};
    for (const field of triggerFields) {
      const value = read(field.key, threshold(field.label, field.max, field.whole));
      if (value !== undefined && value !== (settings.triggers[field.key] ?? null)) triggers[field.key] = value;
    }
    if (Object.keys(triggers).length) body.triggers = triggers;
  }
  const reason = values.reason.trim();
  if (reason.length > 300) errors.reason = 'The reason is at most 300 characters';
  else if (reason) body.reason = reason;
  if (Object.keys(errors).length) return { ok: false, errors };
  const changes = ['replicas', 'minReplicas', 'maxReplicas', 'triggers', 'scaleToZero'].filter((key) => key in body);
  if (!changes.length) return { ok: false, errors: { form: 'Nothing changed: set a different value first.' } };
  return { ok: true, body };
}
