import { countByComponent, type EnvironmentAlerts } from '@/lib/core/alerts/alerts';
import { canReadEnvironments } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** The firing and pending alerts of an environment, from the Prometheus and Alertmanager its spec names. */
export async function findEnvironmentAlerts(ctx: UseCaseContext, name: string): Promise<EnvironmentAlerts> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const head = await ctx.deps.environments.findHead(name);
  if (!head) throw new NotFound(`no environment named ${name}`);
  const { prometheusUrl, alertmanagerUrl } = head.spec.observability;
  const found = await ctx.deps.alerts.findAlerts({ prometheusUrl, alertmanagerUrl }, head.spec.name);
  return { ...found, counts: countByComponent(found.alerts) };
}
