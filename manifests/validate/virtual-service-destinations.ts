import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

/** A mesh host as Istio resolves it: a short name is a Service of the object's own namespace. */
export function fqdn(host: string, namespace: string | undefined): string {
  return host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Every VirtualService destination has a DestinationRule for its host, defining the subset it names. */
export const checkVirtualServiceDestinations: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  const ruleFor = (host: string, namespace?: string): PlainObject | undefined =>
    rules.find((r) => fqdn(String(r.spec?.host ?? ''), r.metadata.namespace) === fqdn(host, namespace));
  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    (vs.spec?.http ?? []).forEach((http: { route?: { destination?: { host?: string; subset?: string } }[] }, i: number) => {
      (http.route ?? []).forEach((route, j) => {
        const path = `spec.http[${i}].route[${j}].destination`;
        const host = route.destination?.host ?? '';
        const rule = ruleFor(host, vs.metadata.namespace);
        const add = (field: string, message: string) =>
          problems.push({ object: idOf(vs), path: `${path}.${field}`, message, check: 'virtual-service-destinations' });
        if (!rule) return add('host', `no DestinationRule for host ${host}`);
        const subset = route.destination?.subset;
        if (subset && !(rule.spec?.subsets ?? []).some((s: { name: string }) => s.name === subset)) {
          add('subset', `DestinationRule ${rule.metadata.name} defines no subset ${subset}`);
        }
      });
    });
  }
  return problems;
};
