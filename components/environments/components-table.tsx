import Link from 'next/link';
import { componentNames, imageReference, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { EnvironmentHealth } from '@/lib/core/health/environment-health';
import { HealthCell } from '../health/component-live';
import type { Decision } from '@/lib/core/auth/roles';
import { Badge } from '../ui/badge';
import { GuardedAction } from '../ui/guarded-action';
import { Table, Td, Th } from '../ui/table';

type Component = EnvironmentSpec['components'][keyof EnvironmentSpec['components']];

function triggersText(triggers: Component['autoscaling']['triggers']): string {
  const parts = [
    triggers.requestsPerSecond !== undefined ? `${triggers.requestsPerSecond} req/s` : null,
    triggers.queueLength !== undefined ? `queue ${triggers.queueLength}` : null,
    triggers.cpuUtilizationPercent !== undefined ? `CPU ${triggers.cpuUtilizationPercent}%` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function Scaling({ component }: { component: Component }) {
  const { autoscaling } = component;
  if (!autoscaling.enabled) return <span className="whitespace-nowrap">{component.replicas} replica{component.replicas === 1 ? '' : 's'}</span>;
  return (
    <div>
      <div className="whitespace-nowrap">
        autoscaling {autoscaling.minReplicas}–{autoscaling.maxReplicas}
      </div>
      <div className="text-xs text-slate-600 dark:text-slate-400">{triggersText(autoscaling.triggers)}</div>
    </div>
  );
}

/** A Scale action per enabled component, opening its scale page; disabled with the reason for those who may not scale. */
export type ScaleAction = { environment: string; decision: Decision };

/** The spec's components; with `health` (the environment page), each links to its page and shows its live verdict and firing alerts. */
export function ComponentsTable({ spec, health, scale }: { spec: EnvironmentSpec; health?: EnvironmentHealth; scale?: ScaleAction }) {
  return (
    <Table caption="Components">
      <thead>
        <tr>
          <Th>Component</Th>
          {health ? <Th>Health</Th> : null}
          <Th>Image</Th>
          <Th>Scale</Th>
          <Th>Requests (CPU / memory)</Th>
          <Th>Limits (CPU / memory)</Th>
          {scale ? <Th>Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {componentNames.map((name) => {
          const component = spec.components[name];
          return (
            <tr key={name}>
              <th scope="row" className="border-b border-slate-100 px-4 py-2.5 text-left align-top dark:border-slate-800">
                {health ? (
                  <Link href={`/environments/${spec.name}/components/${name}`} className="block font-mono text-sm font-semibold text-sky-700 hover:underline focus-visible:underline dark:text-sky-400">
                    {name}
                  </Link>
                ) : (
                  <span className="block font-mono text-sm font-semibold">{name}</span>
                )}
                {component.enabled ? null : (
                  <Badge tone="neutral" className="mt-1">
                    disabled
                  </Badge>
                )}
              </th>
              {health ? (
                <Td>
                  <HealthCell environment={spec.name} component={name} initialHealth={health} />
                </Td>
              ) : null}
              <Td className="font-mono text-xs break-all">{imageReference(component.image)}</Td>
              <Td>
                <Scaling component={component} />
              </Td>
              <Td className="font-mono text-xs">
                {component.resources.requests.cpu} / {component.resources.requests.memory}
              </Td>
              <Td className="font-mono text-xs">
                {component.resources.limits.cpu} / {component.resources.limits.memory}
              </Td>
              {scale ? (
                <Td>
                  {component.enabled ? (
                    <GuardedAction decision={scale.decision} label={`Scale ${name}`} href={`/environments/${encodeURIComponent(scale.environment)}/components/${name}/scale`} />
                  ) : null}
                </Td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
