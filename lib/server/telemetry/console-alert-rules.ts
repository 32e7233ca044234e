// The console's own alert rules, over the metrics it serves on its metrics port (metrics.ts): a
// Prometheus rule-file's groups, for whatever Prometheus scrapes the console (the console's
// PrometheusRule when it runs on Kubernetes). Proven with promtool in console-alert-rules.test.ts.

export type AlertRule = { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> };

export const consoleAlertRuleGroups: Array<{ name: string; rules: AlertRule[] }> = [
  {
    name: 'personapass-console',
    rules: [
      {
        alert: 'PersonaPassEnvironmentDrift',
        // max: every console replica serves the same count from the database; one alert per environment.
        // for 5m: the count changes only when a check runs, so this is one or two checks old, never a flap.
        expr: 'max by (environment) (console_environment_drift_objects) > 0',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.environment }} differs from its last deploy in {{ $value }} object(s)',
          description:
            'The drift check found objects of {{ $labels.environment }} changed or deleted outside the console since its last successful deploy. The environment page names each object, the diff and the field manager that changed it; Reconcile plans the deployed revision again.',
        },
      },
    ],
  },
];
