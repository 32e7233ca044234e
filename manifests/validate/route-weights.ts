import { podTemplates, selectorMatches } from './pod-templates';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';
import { fqdn } from './virtual-service-destinations';

type Destination = { host?: string; subset?: string };
type Route = { destination?: Destination; weight?: number };


/**
 * A route with several destinations splits traffic: its weights must add up to 100. Every
 * destination that gets traffic (a weight above 0, or the only one) must reach pods: the pods its
 * Service selects that also carry its subset's labels. A canary subset with no canary Deployment
 * behind it would turn its share of the requests into 503s (no healthy upstream).
 */
export const checkRouteWeights: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const templates = podTemplates(objects);
  const podsBehind = (vs: PlainObject, destination: Destination): number | undefined => {
    const host = fqdn(destination.host ?? '', vs.metadata.namespace);
    const service = objects.find((o) => o.kind === 'Service' && fqdn(o.metadata.name, o.metadata.namespace) === host);
    if (!service?.spec?.selector) return undefined; // not a platform Service: nothing to compare
    const rule = objects.find((o) => o.kind === 'DestinationRule' && fqdn(String(o.spec?.host ?? ''), o.metadata.namespace) === host);
    const subsetLabels: Record<string, string> = destination.subset
      ? ((rule?.spec?.subsets ?? []).find((s: { name: string }) => s.name === destination.subset)?.labels ?? {})
      : {};
    return templates.filter(
      (t) =>
        t.workload.metadata.namespace === service.metadata.namespace &&
        selectorMatches(service.spec.selector, t.labels) &&
        Object.entries(subsetLabels).every(([k, v]) => t.labels[k] === v),
    ).length;
  };
  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    (vs.spec?.http ?? []).forEach((http: { route?: Route[] }, i: number) => {
      const route = http.route ?? [];
      const add = (path: string, message: string) => problems.push({ object: idOf(vs), path, message, check: 'route-weights' });
      const total = route.reduce((sum, r) => sum + (r.weight ?? (route.length === 1 ? 100 : 0)), 0);
      if (route.length > 0 && total !== 100) add(`spec.http[${i}].route`, `route weights add up to ${total}, not 100`);
      route.forEach((r, j) => {
        const weight = r.weight ?? (route.length === 1 ? 100 : 0);
        if (weight <= 0 || !r.destination) return;
        if (podsBehind(vs, r.destination) === 0) {
          add(
            `spec.http[${i}].route[${j}].destination`,
            `sends ${weight}% to ${r.destination.host}${r.destination.subset ? ` subset ${r.destination.subset}` : ''}, which no pod template serves`,
          );
        }
      });
    });
  }
  return problems;
};
