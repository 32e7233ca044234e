import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, imageReference } from './environment-spec';
import { starterSpec } from './starter-specs';

// Every leaf of a spec as [path, value], arrays included as one leaf.
function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [[path, value]];
}

function withLeaf(spec: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(spec) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

function issueMessages(value: unknown): string[][] {
  const result = environmentSpecSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

function issuePaths(value: unknown): string[] {
  const result = environmentSpecSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('environment spec', () => {
  it('accepts the starter specs of every tier', () => {
    for (const tier of ['development', 'staging', 'production'] as const) {
      expect(issuePaths(starterSpec(`t-${tier.slice(0, 4)}`, tier))).toEqual([]);
    }
  });

  it('refuses names that are not DNS-1123 labels, naming the field', () => {
    expect(issuePaths({ ...starterSpec('dev', 'development'), name: 'Dev_1' })).toEqual(['name']);
    expect(issuePaths({ ...starterSpec('dev', 'development'), name: 'a'.repeat(64) })).toEqual(['name']);
    expect(issuePaths({ ...starterSpec('dev', 'development'), namespace: 'n'.repeat(53) })).toEqual(['namespace']);
  });

  it('refuses the latest tag in production but allows it in development', () => {
    const prod = starterSpec('prod', 'production');
    prod.components['wallet-api'].image.tag = 'latest';
    expect(issuePaths(prod)).toEqual(['components.wallet-api.image.tag']);
    const dev = starterSpec('dev', 'development');
    dev.components['wallet-api'].image.tag = 'latest';
    expect(issuePaths(dev)).toEqual([]);
  });

  it('takes external dependencies as address blocks and a port, and defaults them to none', () => {
    const spec = starterSpec('dev', 'development');
    expect(spec.components['wallet-api'].dependencies.map((d) => d.name)).toEqual(['database']);
    const withDependencies = (dependencies: unknown) => {
      const copy = structuredClone(spec) as unknown as { components: Record<string, Record<string, unknown>> };
      copy.components['identity-service']!.dependencies = dependencies;
      return copy;
    };
    const at = 'components.identity-service.dependencies';
    expect(issuePaths(withDependencies([{ name: 'smtp', host: 'smtp.example.com', cidrs: ['192.0.2.0/28', 'fd00:25::/64'], port: 587 }]))).toEqual([]);
    expect(issuePaths(withDependencies([{ name: 'smtp', cidrs: [], port: 587 }]))).toEqual([`${at}.0.cidrs`]);
    expect(issueMessages(withDependencies([{ name: 'db', cidrs: ['db.example.com'], port: 5432 }]))).toEqual([[`${at}.0.cidrs.0`, expect.stringMatching(/CIDR block/)]]);
    expect(issueMessages(withDependencies([{ name: 'db', cidrs: ['10.50.0.7/24'], port: 5432 }]))).toEqual([[`${at}.0.cidrs.0`, expect.stringMatching(/host bits zero/)]]);
    expect(issueMessages(withDependencies([{ name: 'db', cidrs: ['0.0.0.0/0'], port: 5432 }]))).toEqual([[`${at}.0.cidrs.0`, expect.stringMatching(/every address/)]]);
    expect(issuePaths(withDependencies([{ name: 'db', cidrs: ['10.50.0.0/24'], port: 0 }]))).toEqual([`${at}.0.port`]);
    expect(issuePaths(withDependencies([{ name: 'db', host: 'not a host', cidrs: ['10.50.0.0/24'], port: 5432 }]))).toEqual([`${at}.0.host`]);
    const twice = { name: 'database', cidrs: ['10.50.0.0/24'], port: 5432 };
    expect(issuePaths(withDependencies([twice, twice]))).toEqual([`${at}.1.name`]);
    // Specs stored before dependencies existed still parse, with none.
    const stored = withDependencies(undefined);
    delete stored.components['identity-service']!.dependencies;
    expect(environmentSpecSchema.parse(stored).components['identity-service'].dependencies).toEqual([]);
  });

  it('needs exactly one of tag or digest', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['identity-service'].image = { repository: 'example.com/a', tag: '1', digest: `sha256:${'a'.repeat(64)}` };
    expect(issuePaths(spec)).toEqual(['components.identity-service.image']);
    spec.components['identity-service'].image = { repository: 'example.com/a', digest: `sha256:${'a'.repeat(64)}` };
    expect(issuePaths(spec)).toEqual([]);
    expect(imageReference(spec.components['identity-service'].image)).toBe(`example.com/a@sha256:${'a'.repeat(64)}`);
  });

  it('refuses a limit below its request', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources.limits = { cpu: '200m', memory: '256Mi' };
    expect(issuePaths(spec)).toEqual(['components.wallet-api.resources.limits.cpu', 'components.wallet-api.resources.limits.memory']);
  });

  it('compares quantities across units (2 cores ≥ 1500m, 1Gi ≥ 1000Mi)', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources = { requests: { cpu: '1500m', memory: '1000Mi' }, limits: { cpu: '2', memory: '1Gi' } };
    expect(issuePaths(spec)).toEqual([]);
  });

  it('refuses autoscaling bounds with min above max, and autoscaling without triggers', () => {
    const spec = starterSpec('staging', 'staging');
    spec.components['wallet-api'].autoscaling.minReplicas = 9;
    spec.components['wallet-api'].autoscaling.maxReplicas = 3;
    spec.components['identity-service'].autoscaling.triggers = {};
    expect(issuePaths(spec).sort()).toEqual([
      'components.identity-service.autoscaling.triggers',
      'components.wallet-api.autoscaling.minReplicas',
    ]);
  });

  it('allows scaling to zero only with a trigger that can wake the component', () => {
    const spec = starterSpec('dev', 'development');
    expect(spec.components['credential-worker'].autoscaling).toMatchObject({ enabled: true, minReplicas: 0 });
    delete spec.components['credential-worker'].autoscaling.workingHours;
    spec.components['credential-worker'].autoscaling.triggers = { cpuUtilizationPercent: 70, memoryUtilizationPercent: 80 };
    expect(issueMessages(spec)).toEqual([
      [
        'components.credential-worker.autoscaling.minReplicas',
        'scaling to zero needs a requests-per-second or queue-length trigger or working hours: CPU and memory alone cannot wake a component from zero',
      ],
    ]);
  });

  it('takes working hours (IANA zone, consecutive days, a window within the day) and memory as a trigger', () => {
    const spec = starterSpec('dev', 'development');
    expect(spec.components['credential-worker'].autoscaling.workingHours).toEqual({
      timeZone: 'Europe/Berlin',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '07:00',
      end: '20:00',
      replicas: 1,
    });
    spec.components['identity-service'].autoscaling.triggers.memoryUtilizationPercent = 80;
    expect(issuePaths(spec)).toEqual([]);
    const at = (path: string) => `components.credential-worker.autoscaling.${path}`;
    const broken = structuredClone(spec);
    Object.assign(broken.components['credential-worker'].autoscaling, { minReplicas: 1, workingHours: { timeZone: 'Mars/Olympus', days: ['mon', 'wed'], start: '22:00', end: '06:00', replicas: 4 } });
    expect(issueMessages(broken)).toEqual([
      [at('workingHours.timeZone'), 'must be an IANA time zone such as Europe/Berlin or UTC'],
      [at('workingHours.days'), 'must be consecutive days, Sunday first (e.g. mon–fri), or all seven'],
      [at('workingHours.end'), 'must be after start on the same day (a window may not cross midnight)'],
      [at('minReplicas'), 'must be 0 with working hours: outside them the component scales to zero'],
      [at('workingHours.replicas'), 'must not exceed maxReplicas'],
    ]);
    for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const ok = structuredClone(spec);
      ok.components['credential-worker'].autoscaling.workingHours!.timeZone = timeZone;
      expect(issuePaths(ok)).toEqual([]);
    }
    const off = structuredClone(spec);
    off.components['identity-service'].autoscaling.workingHours = structuredClone(spec.components['credential-worker'].autoscaling.workingHours);
    expect(issueMessages(off)).toEqual([
      ['components.identity-service.autoscaling.workingHours', 'working hours need autoscaling: the schedule is a trigger of the autoscaler'],
      ['components.identity-service.autoscaling.minReplicas', 'must be 0 with working hours: outside them the component scales to zero'],
    ]);
  });

  it('lowers a namespace to baseline only with a meaningful reason, and never to privileged', () => {
    const spec = starterSpec('staging', 'staging');
    spec.podSecurity = { tracing: { level: 'baseline', reason: 'Elasticsearch init container raises vm.max_map_count' }, app: { level: 'restricted' } };
    expect(issuePaths(spec)).toEqual([]);
    expect(issueMessages({ ...spec, podSecurity: { monitoring: { level: 'baseline', reason: 'needed' } } })).toEqual([
      ['podSecurity.monitoring.reason', 'baseline needs a reason of at least 20 characters and three words separated by spaces (what needs it, and why restricted cannot do)'],
    ]);
    expect(issueMessages({ ...spec, podSecurity: { monitoring: { level: 'baseline' } } })).toHaveLength(1);
    expect(issueMessages({ ...spec, podSecurity: { app: { level: 'privileged', reason: 'the CNI plugin is not installed on this cluster' } } })).toEqual([
      ['podSecurity.app.level', 'must be restricted or baseline: the platform never runs a privileged namespace'],
    ]);
    expect(issuePaths({ ...spec, podSecurity: { kube: { level: 'baseline' } } })).toEqual(['podSecurity']);
  });

  it('never lets production components scale to zero by schedule', () => {
    const spec = starterSpec('prod', 'production');
    Object.assign(spec.components['credential-worker'].autoscaling, {
      minReplicas: 0,
      workingHours: { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '20:00', replicas: 1 },
    });
    expect(issueMessages(spec)).toEqual([
      ['components.credential-worker.autoscaling.workingHours', 'production components are critical and never scale to zero by schedule'],
    ]);
  });

  it('refuses production replicas the nodes cannot hold one per node, naming the node count', () => {
    const prod = starterSpec('prod', 'production');
    prod.components['wallet-api'].autoscaling.maxReplicas = 20;
    prod.components['identity-service'].autoscaling.enabled = false;
    prod.components['identity-service'].replicas = 6;
    expect(issueMessages(prod)).toEqual([
      ['components.identity-service.replicas', 'at most 5: production places one replica per node (required anti-affinity) and the environment has 5 nodes (the production default; raise nodes if it has more)'],
      ['components.wallet-api.autoscaling.maxReplicas', 'at most 5: production places one replica per node (required anti-affinity) and the environment has 5 nodes (the production default; raise nodes if it has more)'],
    ]);
    expect(issuePaths({ ...prod, nodes: 20 })).toEqual([]);
    expect(issueMessages({ ...prod, nodes: 6 })).toEqual([['components.wallet-api.autoscaling.maxReplicas', expect.stringMatching(/^at most 6: .* has 6 nodes$/)]]);
    prod.components['wallet-api'].enabled = false;
    prod.components['identity-service'].replicas = 5;
    expect(issuePaths(prod)).toEqual([]);
    const staging = starterSpec('staging', 'staging');
    staging.components['wallet-api'].autoscaling.maxReplicas = 50;
    expect(issuePaths(staging)).toEqual([]);
    expect(issuePaths({ ...staging, nodes: 0 })).toEqual(['nodes']);
  });

  it('requires protection and approvals for production', () => {
    const prod = starterSpec('prod', 'production');
    prod.protection = { protected: false, approvalsRequired: 0, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.protected', 'protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 0, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 1, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual(['protection.approvalsRequired']);
    prod.protection = { protected: true, approvalsRequired: 2, approvalExpiryHours: 24 };
    expect(issuePaths(prod)).toEqual([]);
  });

  it('refuses unknown fields at every level', () => {
    const spec = starterSpec('dev', 'development') as Record<string, unknown>;
    expect(issuePaths({ ...spec, colour: 'blue' })).toEqual(['']);
    const withExtra = starterSpec('dev', 'development');
    (withExtra.components['wallet-api'] as Record<string, unknown>).sidecar = true;
    expect(issuePaths(withExtra)).toEqual(['components.wallet-api']);
  });

  it('refuses wrong types with the field path', () => {
    const spec = starterSpec('dev', 'development') as unknown as { components: { 'wallet-api': { replicas: unknown } } };
    spec.components['wallet-api'].replicas = '3';
    expect(issuePaths(spec)).toEqual(['components.wallet-api.replicas']);
  });

  it('refuses non-http observability URLs such as javascript:', () => {
    const spec = starterSpec('dev', 'development');
    spec.observability.grafanaUrl = 'javascript:alert(1)';
    expect(issuePaths(spec)).toEqual(['observability.grafanaUrl']);
  });

  it('bounds CPU at 256 cores and memory at 2Ti, naming the field and the bound', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources.limits = { cpu: '256', memory: '2Ti' };
    spec.components['identity-service'].resources.limits = { cpu: '256000m', memory: String(2 * 1024 ** 4) };
    expect(issuePaths(spec)).toEqual([]);

    spec.components['wallet-api'].resources.limits = { cpu: '99999999999', memory: '3Ti' };
    spec.components['identity-service'].resources.limits = { cpu: '256001m', memory: String(2 * 1024 ** 4 + 1) };
    expect(issueMessages(spec)).toEqual([
      ['components.identity-service.resources.limits.cpu', 'must be at most 256 cores (256000m)'],
      ['components.identity-service.resources.limits.memory', 'must be at most 2Ti'],
      ['components.wallet-api.resources.limits.cpu', 'must be at most 256 cores (256000m)'],
      ['components.wallet-api.resources.limits.memory', 'must be at most 2Ti'],
    ]);
  });

  it('refuses absurdly long quantities and requests above the bound as well as limits', () => {
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].resources = { requests: { cpu: '300', memory: '9'.repeat(40) }, limits: { cpu: '300', memory: '9'.repeat(40) } };
    expect(issueMessages(spec)).toEqual([
      ['components.wallet-api.resources.requests.cpu', 'must be at most 256 cores (256000m)'],
      ['components.wallet-api.resources.requests.memory', 'must be a memory quantity such as 512Mi or 4Gi'],
      ['components.wallet-api.resources.limits.cpu', 'must be at most 256 cores (256000m)'],
      ['components.wallet-api.resources.limits.memory', 'must be a memory quantity such as 512Mi or 4Gi'],
    ]);
  });

  it('gives every number, string and list of the spec a finite upper bound', () => {
    const spec = starterSpec('staging', 'staging');
    const all = leaves(spec);
    expect(all.length).toBeGreaterThan(50);
    for (const [path, value] of all) {
      let huge: unknown;
      if (typeof value === 'number') huge = 1e12;
      else if (typeof value === 'string') huge = path.at(-1)!.endsWith('Url') ? `https://example.com/${'a'.repeat(100_000)}` : `${value}${'a'.repeat(100_000)}`;
      else if (Array.isArray(value)) huge = Array.from({ length: 1000 }, (_, index) => `d${index}`);
      else continue; // booleans
      expect({ path: path.join('.'), issues: issuePaths(withLeaf(spec, path, huge)) }).toEqual({
        path: path.join('.'),
        issues: expect.arrayContaining([path.join('.')]),
      });
    }
  });

  it('refuses observability URLs with embedded credentials and non-http(s) schemes', () => {
    const spec = starterSpec('dev', 'development');
    spec.observability.prometheusUrl = 'https://user:pass@prometheus.example.com';
    spec.observability.grafanaUrl = 'https://admin@grafana.example.com/d/x';
    spec.observability.jaegerUrl = 'ftp://jaeger.example.com';
    spec.observability.alertmanagerUrl = 'file:///etc/passwd';
    expect(issueMessages(spec)).toEqual([
      ['observability.prometheusUrl', 'must not contain credentials (user:password@); configure access to it outside the spec'],
      ['observability.grafanaUrl', 'must not contain credentials (user:password@); configure access to it outside the spec'],
      ['observability.jaegerUrl', 'must be an http(s) URL'],
      ['observability.alertmanagerUrl', 'must be an http(s) URL'],
    ]);
    spec.observability = { ...starterSpec('dev', 'development').observability, prometheusUrl: 'https://prometheus.example.com:9090/path?q=user@x' };
    expect(issuePaths(spec)).toEqual([]);
  });

  // The console's server fetches these URLs on any viewer's request: an operator must not point
  // one at the node's cloud metadata service and read it back through the alerts answer.
  for (const field of ['prometheusUrl', 'alertmanagerUrl', 'jaegerUrl', 'grafanaUrl'] as const) {
    it(`refuses a cloud metadata or link-local address as ${field}`, () => {
      const spec = starterSpec('dev', 'development');
      const bad = { ...spec, observability: { ...spec.observability, [field]: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/#' } };
      expect(environmentSpecSchema.safeParse(bad).success).toBe(false);
      expect(issueMessages(bad)).toEqual([[`observability.${field}`, expect.stringMatching(/^must not name 169\.254\.0\.0\/16 \(link-local/)]]);
    });
  }

  it('refuses metadata addresses however the URL spells them, and keeps loopback, private addresses and names', () => {
    const refused = [
      'http://0xa9fea9fe/', // 169.254.169.254 as the URL parser reads it
      'http://2852039166/',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]:9090/',
      'http://100.100.100.200/',
      'http://168.63.129.16/',
      'http://0.0.0.0:9090/',
    ];
    const allowed = ['http://127.0.0.1:59090', 'http://[::1]:9090', 'http://10.96.12.7:9090', 'http://192.168.1.20:9093', 'http://prometheus.monitoring.svc:9090/prometheus'];
    const problems = (url: string) => {
      const spec = starterSpec('dev', 'development');
      return issuePaths({ ...spec, observability: { ...spec.observability, prometheusUrl: url } });
    };
    expect(refused.filter((url) => problems(url).length === 0)).toEqual([]);
    expect(allowed.filter((url) => problems(url).length > 0)).toEqual([]);
  });
});

describe('system namespaces', () => {
  it.each(['kube-system', 'kube-public', 'default', 'personapass-system', 'istio-system', 'keda', 'grafana'])('refuses %s', (namespace) => {
    expect(issuePaths({ ...starterSpec('dev', 'development'), namespace })).toEqual(['namespace']);
  });

  it('refuses a namespace whose added namespaces would be the cluster’s ("kube" adds kube-monitoring)', () => {
    const result = environmentSpecSchema.safeParse({ ...starterSpec('dev', 'development'), namespace: 'kube' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('kube-monitoring');
    expect(issuePaths({ ...starterSpec('dev', 'development'), namespace: 'kubernetes-apps' })).toEqual([]);
  });
});

describe('rate limits', () => {
  const prod = () => starterSpec('prod', 'production');
  const withLimit = (name: 'wallet-api' | 'credential-worker', rateLimit: unknown) => {
    const spec = prod() as unknown as { components: Record<string, Record<string, unknown>> };
    spec.components[name]!.rateLimit = rateLimit;
    return spec;
  };

  it('are optional: a spec stored before them still parses, without one', () => {
    const spec = prod();
    delete spec.components['wallet-api'].rateLimit;
    const parsed = environmentSpecSchema.parse(spec);
    expect(parsed.components['wallet-api'].rateLimit).toBeUndefined();
  });

  it('need a burst of at least one and at most ten seconds of the rate', () => {
    expect(issueMessages(withLimit('wallet-api', { requestsPerSecond: 200, burst: 100 }))).toEqual([
      ['components.wallet-api.rateLimit.burst', 'must be at least requestsPerSecond: the bucket refills that many tokens every second'],
    ]);
    expect(issueMessages(withLimit('wallet-api', { requestsPerSecond: 200, burst: 2001 }))).toEqual([
      ['components.wallet-api.rateLimit.burst', 'must be at most 10 seconds of requestsPerSecond (2000)'],
    ]);
    expect(issuePaths(withLimit('wallet-api', { requestsPerSecond: 10_001, burst: 10_001 }))).toEqual(['components.wallet-api.rateLimit.requestsPerSecond']);
    expect(issuePaths(withLimit('wallet-api', { requestsPerSecond: 1.5, burst: 3 }))).toEqual(['components.wallet-api.rateLimit.requestsPerSecond']);
  });

  it('must stay above the autoscaling target, and only on components that serve HTTP', () => {
    expect(issueMessages(withLimit('wallet-api', { requestsPerSecond: 50, burst: 100 }))).toEqual([
      [
        'components.wallet-api.rateLimit.requestsPerSecond',
        'must be above the autoscaling target of 50 requests per second per replica, or pods refuse requests before the autoscaler adds replicas',
      ],
    ]);
    expect(issueMessages(withLimit('credential-worker', { requestsPerSecond: 50, burst: 100 }))).toEqual([
      ['components.credential-worker.rateLimit', 'credential-worker serves no HTTP requests to limit'],
    ]);
  });
});

describe('observability.grafana (a Grafana the platform runs)', () => {
  const withGrafana = (grafanaUrl: string, grafana: unknown = { run: true }) => {
    const spec = structuredClone(starterSpec('dev', 'development')) as Record<string, any>;
    spec.observability.grafanaUrl = grafanaUrl;
    spec.observability.grafana = grafana;
    return spec;
  };

  it('is optional and off: stored specs without it parse unchanged', () => {
    const parsed = environmentSpecSchema.parse(starterSpec('dev', 'development'));
    expect(parsed.observability.grafana).toBeUndefined();
  });

  it('parses when it runs at an https host', () => {
    const parsed = environmentSpecSchema.parse(withGrafana('https://grafana.dev.personapass.io'));
    expect(parsed.observability.grafana).toEqual({ run: true });
  });

  it('asks for an https DNS name at the root of its host when it runs', () => {
    expect(issueMessages(withGrafana('http://127.0.0.1:53000'))).toEqual([
      ['observability.grafanaUrl', 'a Grafana run by the platform is served over HTTPS by the ingress gateway: use https://'],
      ['observability.grafanaUrl', 'a Grafana run by the platform needs a DNS name the ingress gateway routes (such as grafana.dev.personapass.io), not an IP address or a local name'],
      ['observability.grafanaUrl', "a Grafana run by the platform is reached on the gateway's port 443: no port in the URL"],
    ]);
    expect(issuePaths(withGrafana('https://grafana.dev.personapass.io/grafana'))).toEqual(['observability.grafanaUrl']);
    expect(issuePaths(withGrafana('http://127.0.0.1:53000', { run: false }))).toEqual([]);
  });

  it('refuses unknown keys (no replicas, no Secret name), and running without monitoring', () => {
    expect(issuePaths(withGrafana('https://grafana.dev.personapass.io', { run: true, adminSecretName: 'mine' }))).toEqual(['observability.grafana']);
    expect(issuePaths(withGrafana('https://grafana.dev.personapass.io', { run: true, replicas: 2 }))).toEqual(['observability.grafana']);
    const spec = withGrafana('https://grafana.dev.personapass.io');
    spec.toggles.monitoring = false;
    expect(issueMessages(spec)).toEqual([['observability.grafana.run', 'a Grafana run by the platform needs monitoring on (its dashboards and Prometheus)']]);
  });

  it('refuses a fragment and the characters of a Grafana expander ($__env{…})', () => {
    expect(issueMessages(withGrafana('https://grafana.dev.personapass.io/#$__env{GF_SECURITY_ADMIN_PASSWORD}'))).toEqual([
      ['observability.grafanaUrl', 'a Grafana run by the platform takes its URL as a setting that Grafana expands: no fragment (#) and none of $ { }'],
    ]);
  });

  it('asks for a host of the environment’s own, never a public API host', () => {
    expect(issueMessages(withGrafana('https://prod.api.personapass.io'))).toEqual([
      ['observability.grafanaUrl', "prod.api.personapass.io is a public API host (dev.api.personapass.io is this environment's): give Grafana a host of its own"],
    ]);
    expect(issueMessages(withGrafana('https://grafana.staging.personapass.io'))).toEqual([
      ['observability.grafanaUrl', 'the host must belong to the environment: include its name dev as a whole label, such as grafana.dev.personapass.io'],
    ]);
  });
});
