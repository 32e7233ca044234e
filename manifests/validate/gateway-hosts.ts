import { publicHost } from '../platform-defaults';
import { grafanaHost, runsGrafana } from '../monitoring/grafana';
import { idOf, type PolicyCheck, type Problem } from './problem';

const check = 'gateway-hosts';

/**
 * Every environment's Gateway binds to the one shared ingress gateway, where a host can be served by
 * one Gateway only: istiod keeps the first server with a host on a port and skips the later ones, and
 * a VirtualService bound to this Gateway would route that host to this environment. So a Gateway
 * lists the environment's own hosts only: its public API host, and its own Grafana's host when the
 * platform runs one (the spec validation keeps that host the environment's).
 */
export const checkGatewayHosts: PolicyCheck = (objects, { spec }) => {
  const own = new Set([publicHost(spec.name), ...(runsGrafana(spec) ? [grafanaHost(spec)] : [])]);
  const problems: Problem[] = [];
  for (const gateway of objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io/'))) {
    ((gateway.spec?.servers ?? []) as { hosts?: string[] }[]).forEach((server, i) => {
      (server.hosts ?? []).forEach((entry, j) => {
        // "namespace/host" limits which namespaces' VirtualServices bind; the host is what is claimed.
        const host = entry.includes('/') ? entry.slice(entry.indexOf('/') + 1) : entry;
        if (own.has(host)) return;
        problems.push({
          object: idOf(gateway),
          path: `spec.servers[${i}].hosts[${j}]`,
          message: `${entry} is not this environment's host (${[...own].join(', ')}): on the shared ingress gateway it would claim another environment's`,
          check,
        });
      });
    });
  }
  return problems;
};
