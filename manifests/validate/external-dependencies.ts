import { componentNames } from '@/lib/core/environments/environment-spec';
import { cidrContains, dependencyAddressProblems, parseCidr } from '@/lib/core/environments/cidr';
import { namespacesOf } from '../names';
import { egressAllowed, egressBlocks } from './network-policy-egress';
import { idOf, type PolicyCheck, type Problem } from './problem';

const check = 'external-dependencies';

/** An environment variable holding a database URL (DATABASE_URL, READ_DATABASE_URL, ...). */
const databaseUrl = /(^|_)DATABASE_URL$/;

/**
 * The network policies let each component reach exactly the services outside the cluster its spec
 * declares: every declared dependency has an egress path from the component's pods (each CIDR block,
 * its TCP port), no policy lets those pods reach an address block no dependency accounts for, and a
 * component that reads a database URL declares its `database`. The declared blocks follow the spec's
 * rules (cidr.ts: no special-purpose range such as the metadata service, none wider than /16 or
 * /48, the component's address budget), so a stored spec that never passed the schema still fails.
 */
export const checkExternalDependencies: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  const namespace = namespacesOf(spec).app;
  for (const name of componentNames) {
    const component = spec.components[name];
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === namespace && o.metadata.name === name);
    if (!component.enabled || !deployment) continue;
    const pods = { namespace, labels: (deployment.spec?.template?.metadata?.labels ?? {}) as Record<string, string> };
    const add = (path: string, message: string) => problems.push({ object: idOf(deployment), path, message, check });

    for (const { path, message } of dependencyAddressProblems(component.dependencies)) {
      const [d] = path as [number | undefined];
      const dependency = d === undefined ? undefined : component.dependencies[d];
      const policy = dependency && objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace && o.metadata.name === `allow-${name}-to-${dependency.name}`);
      const where = `components.${name}.dependencies${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
      problems.push({ object: idOf(policy ?? deployment), path: policy ? 'spec.egress' : 'spec.template.metadata.labels', message: `${where}: ${message}`, check });
    }

    component.dependencies.forEach((dependency, i) => {
      const target = `${dependency.name} (${dependency.host ? `${dependency.host}, ` : ''}components.${name}.dependencies[${i}])`;
      for (const cidr of dependency.cidrs) {
        if (!egressAllowed(objects, pods, { cidr, port: dependency.port })) {
          add('spec.template.metadata.labels', `declares ${target} but no NetworkPolicy lets its pods reach ${cidr} on TCP ${dependency.port}`);
        }
      }
    });

    ((deployment.spec?.template?.spec?.containers ?? []) as { env?: { name: string }[] }[]).forEach((container, c) => {
      (container.env ?? []).forEach((env, e) => {
        if (databaseUrl.test(env.name) && !component.dependencies.some((d) => d.name === 'database')) {
          add(
            `spec.template.spec.containers[${c}].env[${e}]`,
            `reads ${env.name} but declares no dependency named database (components.${name}.dependencies): its network policies would let it reach no database`,
          );
        }
      });
    });

    for (const allowed of egressBlocks(objects, pods)) {
      const block = parseCidr(allowed.cidr);
      const ports = allowed.ports.length ? allowed.ports : [{ protocol: 'TCP', port: undefined }];
      for (const port of ports) {
        const accounted = component.dependencies.some(
          (d) =>
            (port.protocol ?? 'TCP') === 'TCP' &&
            port.port === d.port &&
            port.endPort === undefined &&
            d.cidrs.some((cidr) => {
              const declared = parseCidr(cidr);
              return block !== undefined && declared !== undefined && cidrContains(declared, block);
            }),
        );
        if (!accounted) {
          const where = `spec.egress[${allowed.rule}]${allowed.peer === undefined ? '' : `.to[${allowed.peer}].ipBlock`}`;
          problems.push({
            object: idOf(allowed.policy),
            path: where,
            message: `lets ${name} reach ${allowed.cidr} on ${port.protocol ?? 'TCP'} ${port.port ?? 'any port'}, which none of its declared dependencies accounts for`,
            check,
          });
        }
      }
    }
  }
  return problems;
};
