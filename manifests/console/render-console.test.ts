import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSettingNames, parseEnv } from '@/lib/env';
import { consoleRbacObjects } from '@/scripts/manifests/console-rbac-objects';
import { consoleFiles } from './console-files';
import { consoleOptionsSchema, type ConsoleOptionsInput } from './console-options';
import { consoleSecretSettings, optionalConsoleSecretSettings, optionalConsoleSettings, settingsOutsideTheSchema } from './console-settings';
import { migrationJobName, type PlainObject, probePaths, renderConsole } from './render-console';

const input: ConsoleOptionsInput = {
  image: 'registry.personapass.io/personapass/console:1.4.0',
  publicUrl: 'https://console.example.com',
  oidcIssuer: 'https://id.example.com/realms/personapass',
  egress: { postgres: { cidrs: ['10.0.4.0/24'] }, oidcIssuer: { cidrs: ['203.0.113.0/24'] }, kubeApi: { cidrs: ['10.0.0.0/28'], port: 6443 } },
};
const options = consoleOptionsSchema.parse(input);
const rbac = consoleRbacObjects();
const waves = renderConsole(options, { rbac });
const all = waves.flatMap((wave) => wave.objects);
const find = (kind: string) => all.find((o) => o.kind === kind) as PlainObject & { spec: any; data?: Record<string, string> };
const deployment = find('Deployment');
const pod = deployment.spec.template.spec;
const [web, worker] = pod.containers;
const job = find('Job');
const config = find('ConfigMap').data!;

describe('the console rendered for Kubernetes', () => {
  it('runs at least two replicas, never two on one node, spread over zones, with a disruption budget over them', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const selector = deployment.spec.selector;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }]);
    expect(pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone']);
    const budget = find('PodDisruptionBudget');
    expect(budget.spec).toMatchObject({ minAvailable: 1, selector });
    expect(consoleOptionsSchema.safeParse({ ...input, replicas: 1 }).success).toBe(false);
  });

  it('points readiness at /api/ready and liveness and startup at /api/live, on the served port', () => {
    expect(web.readinessProbe.httpGet).toEqual({ path: probePaths.ready, port: 'http' });
    expect(web.livenessProbe.httpGet).toEqual({ path: probePaths.live, port: 'http' });
    expect(web.startupProbe.httpGet).toEqual({ path: probePaths.live, port: 'http' });
    expect(web.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(find('Service').spec.ports[0].targetPort).toBe('http');
  });

  it('gives every setting lib/env.ts reads, secrets only by reference, and the result is a valid configuration', () => {
    const optional = new Set<string>(optionalConsoleSettings);
    for (const container of [web, worker]) {
      const fromSecrets = Object.fromEntries(container.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => [e.name, e.valueFrom.secretKeyRef]));
      expect(Object.keys(fromSecrets).sort()).toEqual([...Object.keys(consoleSecretSettings), ...Object.keys(optionalConsoleSecretSettings)].sort());
      // The backup keys and the dumping role's URL only where the Secret holds them.
      for (const name of Object.keys(optionalConsoleSecretSettings)) expect(fromSecrets[name]).toMatchObject({ optional: true });
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'personapass-console-config' } }]);
      const missing = envSettingNames.filter((name) => !(name in config) && !(name in fromSecrets) && !optional.has(name));
      expect(missing).toEqual([]);
      // The pod's environment as the process sees it, the Secret's values stood in for.
      const stand = { DATABASE_URL: 'postgresql://console:x@db.internal:5432/console', NEXTAUTH_SECRET: 'x'.repeat(40), OIDC_CLIENT_SECRET: 'x', CREDENTIAL_KEYS: `k1:${randomBytes(32).toString('base64')}` };
      expect(() => parseEnv({ ...config, ...stand })).not.toThrow();
    }
    expect(worker.env).toContainEqual({ name: 'PERSONAPASS_WORKER_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  it('says where each variable lib/env.ts and the worker read outside the schema goes', () => {
    const read = ['lib/env.ts', 'scripts/worker.ts'].flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!));
    expect([...new Set(read)].filter((name) => !envSettingNames.includes(name)).sort()).toEqual(Object.keys(settingsOutsideTheSchema).sort());
  });

  it('holds no secret value inline: no env value, no ConfigMap entry that looks like a credential', () => {
    const values = [...all.flatMap((o) => JSON.stringify(o).match(/"value":"[^"]*"/g) ?? []), ...Object.entries(config).map(([k, v]) => `${k}=${v}`)];
    expect(values.filter((v) => /postgres(ql)?:\/\/|secret|password|k1:/i.test(v) && !/^OIDC_ROLE_GROUPS=/.test(v))).toEqual([]);
    expect(all.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const name of [...Object.keys(consoleSecretSettings), ...Object.keys(optionalConsoleSecretSettings)]) expect(config).not.toHaveProperty(name);
  });

  it('runs every container within the restricted Pod Security Standard, writing only to emptyDirs', () => {
    for (const spec of [pod, job.spec.template.spec]) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe('personapass-console');
      expect(spec.volumes.every((v: object) => 'emptyDir' in v)).toBe(true);
      for (const c of spec.containers) {
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
        expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/app/.next/cache', '/tmp']);
      }
    }
  });

  it('migrates in a Job of its own wave, named after the image, before the wave that rolls the Deployment', () => {
    expect(waves.map((wave) => [wave.name, wave.objects.map((o) => o.kind)])).toEqual([
      // console-rbac.yaml as it is, then the console's own configuration and policy.
      ['1-access', [...rbac.map((o) => o.kind), 'ConfigMap', 'NetworkPolicy']],
      ['2-migrate', ['Job']],
      ['3-console', ['Deployment', 'Service', 'PodDisruptionBudget']],
    ]);
    expect(job.metadata.name).toBe(migrationJobName(options.image));
    expect(migrationJobName('registry.personapass.io/personapass/console:1.5.0')).not.toBe(job.metadata.name);
    expect(job.spec.template.spec.containers[0].env.map((e: any) => e.valueFrom.secretKeyRef.name).sort()).toEqual(['personapass-console', 'personapass-console-migration']);
    const script = consoleFiles(waves, options)['apply.sh']!;
    const order = ['-k 1-access', '-k 2-migrate', `wait --for=condition=complete job/${job.metadata.name}`, '-k 3-console'].map((step) => script.indexOf(step));
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);
  });

  it('carries console-rbac.yaml as it is, written once', () => {
    expect(waves[0]!.objects.slice(0, rbac.length)).toEqual(rbac);
    expect(all.filter((o) => o.kind === 'ServiceAccount')).toHaveLength(1);
  });

  it('admits the console port from the ingress controller only, and egress to DNS, Postgres, the issuer, the API server, the environments\' observability and public HTTPS for webhooks', () => {
    const policy = find('NetworkPolicy');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'personapass-console' } });
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 3000 }] },
    ]);
    const egress = policy.spec.egress.map((rule: any) => `${JSON.stringify(rule.to)} ${rule.ports.map((p: any) => p.port).join(',')}`);
    expect(egress).toEqual([
      '[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"kube-system"}},"podSelector":{"matchLabels":{"k8s-app":"kube-dns"}}}] 53,53',
      '[{"ipBlock":{"cidr":"10.0.4.0/24"}}] 5432',
      '[{"ipBlock":{"cidr":"203.0.113.0/24"}}] 443',
      '[{"ipBlock":{"cidr":"10.0.0.0/28"}}] 6443',
      '[{"namespaceSelector":{"matchLabels":{"app.kubernetes.io/part-of":"personapass"}}}] 9090,9093,16686,4318',
      // Webhook receivers (Slack and the like): HTTPS to public addresses only, as the console's own guard says.
      '[{"ipBlock":{"cidr":"0.0.0.0/0","except":["0.0.0.0/8","10.0.0.0/8","100.64.0.0/10","127.0.0.0/8","169.254.0.0/16","172.16.0.0/12","192.168.0.0/16","198.18.0.0/15","224.0.0.0/4","240.0.0.0/4"]}},{"ipBlock":{"cidr":"::/0","except":["::1/128","64:ff9b::/96","64:ff9b:1::/48","fc00::/7","fe80::/10","ff00::/8"]}}] 443',
    ]);
    expect(consoleOptionsSchema.safeParse({ ...input, egress: { ...input.egress, postgres: { cidrs: ['0.0.0.0/0'] } } }).success).toBe(false);
  });

  it('refuses an unpinned image, plain-http addresses and settings it does not know', () => {
    const refused = (patch: Partial<ConsoleOptionsInput>) => consoleOptionsSchema.safeParse({ ...input, ...patch }).error?.issues.map((i) => i.path.join('.'));
    expect(refused({ image: 'registry.personapass.io/personapass/console:latest' })).toEqual(['image']);
    expect(refused({ image: 'console' })).toEqual(['image']);
    expect(refused({ publicUrl: 'http://console.example.com' })).toEqual(['publicUrl']);
    expect(refused({ settings: { DATABASE_URL: 'postgres://x' } })).toEqual(['settings.DATABASE_URL']);
    // Secrets never go through a setting, which lands in the ConfigMap.
    expect(refused({ settings: { BACKUP_KEYS: 'b1:x' } })).toEqual(['settings.BACKUP_KEYS']);
    expect(refused({ settings: { BACKUP_DATABASE_URL: 'postgres://x' } })).toEqual(['settings.BACKUP_DATABASE_URL']);
    expect(refused({ settings: { LOG_LEVEL: 'debug' } })).toBeUndefined();
  });

  it('renders byte for byte the same', () => {
    expect(JSON.stringify(renderConsole(options, { rbac }))).toBe(JSON.stringify(waves));
    expect(consoleFiles(waves, options)).toEqual(consoleFiles(renderConsole(options, { rbac }), options));
  });
});
