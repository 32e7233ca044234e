// npm run render:console -- --image REGISTRY/REPO:TAG --public-url https://console.example.com
//   --oidc-issuer https://id.example.com --postgres-cidr 10.0.4.0/24 --oidc-cidr 203.0.113.0/24
//   --kube-api-cidr 10.0.0.0/28 --out DIR
// The console itself on Kubernetes (manifests/console/README.md): three waves of YAML and apply.sh.
//   [--replicas N] [--postgres-port P] [--oidc-port P] [--kube-api-port P]
//   [--ingress-namespace NS] [--ingress-labels k=v,k=v] [--set NAME=VALUE ...]   (repeat --set)
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { consoleFiles } from '@/manifests/console/console-files';
import { consoleOptionsSchema, type ConsoleOptionsInput } from '@/manifests/console/console-options';
import { renderConsole } from '@/manifests/console/render-console';
import { consoleRbacObjects } from './manifests/console-rbac-objects';
import { writeRender } from './manifests/write-render';

const flags = {
  image: { type: 'string' },
  'public-url': { type: 'string' },
  'oidc-issuer': { type: 'string' },
  replicas: { type: 'string' },
  'postgres-cidr': { type: 'string' },
  'postgres-port': { type: 'string' },
  'oidc-cidr': { type: 'string' },
  'oidc-port': { type: 'string' },
  'kube-api-cidr': { type: 'string' },
  'kube-api-port': { type: 'string' },
  'ingress-namespace': { type: 'string' },
  'ingress-labels': { type: 'string' },
  set: { type: 'string', multiple: true },
  out: { type: 'string' },
} as const;

const list = (value: string | undefined) => (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const pairs = (values: string[], what: string) =>
  Object.fromEntries(
    values.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`${what}: expected NAME=VALUE, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

/** The command line as the render's options (exported for the unit test). */
export function optionsFromArgs(values: ReturnType<typeof parseArgs<{ options: typeof flags }>>['values']): ConsoleOptionsInput {
  const endpoint = (cidrs: string | undefined, port: string | undefined) => ({ cidrs: list(cidrs), ...(port ? { port: number(port) } : {}) });
  return {
    image: values.image ?? '',
    publicUrl: values['public-url'] ?? '',
    oidcIssuer: values['oidc-issuer'] ?? '',
    ...(values.replicas ? { replicas: number(values.replicas) } : {}),
    settings: pairs(values.set ?? [], '--set'),
    ...(values['ingress-namespace'] || values['ingress-labels']
      ? { ingress: { namespace: values['ingress-namespace'] ?? 'ingress-nginx', podLabels: pairs(list(values['ingress-labels']), '--ingress-labels') } }
      : {}),
    egress: {
      postgres: endpoint(values['postgres-cidr'], values['postgres-port']),
      oidcIssuer: endpoint(values['oidc-cidr'], values['oidc-port']),
      kubeApi: endpoint(values['kube-api-cidr'], values['kube-api-port']),
    },
  };
}

// Each option's flag, for errors (the longest matching path wins).
const flagOf: Record<string, string> = {
  image: '--image',
  publicUrl: '--public-url',
  oidcIssuer: '--oidc-issuer',
  replicas: '--replicas',
  settings: '--set',
  ingress: '--ingress-labels',
  'ingress.namespace': '--ingress-namespace',
  ...Object.fromEntries(
    (['postgres', 'oidc', 'kube-api'] as const).flatMap((flag) => {
      const key = { postgres: 'postgres', oidc: 'oidcIssuer', 'kube-api': 'kubeApi' }[flag];
      return [[`egress.${key}.cidrs`, `--${flag}-cidr`], [`egress.${key}.port`, `--${flag}-port`]];
    }),
  ),
};

function flagFor(issuePath: PropertyKey[]): string {
  for (let length = issuePath.length; length > 0; length--) {
    const flag = flagOf[issuePath.slice(0, length).join('.')];
    if (flag) return length < issuePath.length && flag === '--set' ? `--set ${String(issuePath[length])}` : flag;
  }
  return issuePath.join('.');
}

async function main() {
  const { values } = parseArgs({ options: flags, allowPositionals: false });
  if (!values.out) throw new Error('give --out DIR');
  const parsed = consoleOptionsSchema.safeParse(optionsFromArgs(values));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${flagFor(issue.path)}: ${issue.message}`);
    throw new Error(`cannot render the console:\n${lines.join('\n')}`);
  }
  const out = resolve(values.out);
  await writeRender(out, consoleFiles(renderConsole(parsed.data, { rbac: consoleRbacObjects() }), parsed.data), 'console');
  console.log(`rendered the console (${parsed.data.replicas} replicas of ${parsed.data.image}) into ${out}; apply with ${out}/apply.sh`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: Error) => {
    console.error(error instanceof z.ZodError ? z.prettifyError(error) : error.message);
    process.exit(1);
  });
}
