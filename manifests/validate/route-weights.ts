import { idOf, type PolicyCheck, type Problem } from './problem';

/** A route with several destinations splits traffic: its weights must add up to 100. */
export const checkRouteWeights: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    (vs.spec?.http ?? []).forEach((http: { route?: { weight?: number }[] }, i: number) => {
      const route = http.route ?? [];
      if (route.length < 2) return;
      const total = route.reduce((sum, r) => sum + (r.weight ?? 0), 0);
      if (total !== 100) {
        problems.push({ object: idOf(vs), path: `spec.http[${i}].route`, message: `route weights add up to ${total}, not 100`, check: 'route-weights' });
      }
    });
  }
  return problems;
};
