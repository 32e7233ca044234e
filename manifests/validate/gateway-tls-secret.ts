import { clusterServices } from '../platform-defaults';
import { gatewayTlsSecret, tlsSecretAnnotation } from '../mesh/gateway';
import { idOf, type PolicyCheck, type Problem } from './problem';

const check = 'gateway-tls-secret';
const terminatesTls = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

/**
 * Istio reads an Istio Gateway's `credentialName` from the namespace of the gateway proxy it
 * configures (kubernetes://<name> in the proxy's own namespace), never from the Gateway's namespace,
 * and drops a reference to any other namespace (`<namespace>/<name>`, kubernetes://<namespace>/<name>).
 * So every TLS server names a bare Secret name, the Gateway selects the ingress gateway the platform
 * knows (so that namespace is known), the render says where that Secret must be (annotation), and
 * the certificate is this environment's own: in the shared gateway's namespace any other would do.
 */
export const checkGatewayTlsSecret: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  const expected = gatewayTlsSecret(spec);
  for (const gateway of objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io/'))) {
    const add = (path: string, message: string) => problems.push({ object: idOf(gateway), path, message, check });
    const selector = (gateway.spec?.selector ?? {}) as Record<string, string>;
    const known = Object.entries(clusterServices.ingressGateway.labels).every(([key, value]) => selector[key] === value);
    if (!known) {
      add('spec.selector', `selects no ingress gateway the platform knows (${JSON.stringify(clusterServices.ingressGateway.labels)} in ${clusterServices.ingressGateway.namespace}): Istio would read its certificates from that gateway's namespace, which the render cannot name`);
      continue;
    }
    const declared = gateway.metadata.annotations?.[tlsSecretAnnotation];
    ((gateway.spec?.servers ?? []) as { tls?: { mode?: string; credentialName?: string } }[]).forEach((server, i) => {
      if (!server.tls?.mode || !terminatesTls.has(server.tls.mode)) return;
      const path = `spec.servers[${i}].tls.credentialName`;
      const name = server.tls.credentialName;
      if (!name) return add(path, `terminates TLS (${server.tls.mode}) without a credentialName`);
      const reference = name.replace(/^kubernetes(-gateway)?:\/\//, '');
      if (reference.includes('/') || reference !== name) {
        return add(path, `${name}: Istio resolves an Istio Gateway's credentialName in the gateway proxy's own namespace (${clusterServices.ingressGateway.namespace}) and drops a reference to any other; give the bare Secret name`);
      }
      const where = `${clusterServices.ingressGateway.namespace}/${name}`;
      if (declared !== where) {
        add(
          `metadata.annotations["${tlsSecretAnnotation}"]`,
          `Istio reads ${name} from ${clusterServices.ingressGateway.namespace} (the ingress gateway's namespace), not from ${gateway.metadata.namespace}: the Gateway must say where its certificate must be (${tlsSecretAnnotation}: ${where}), not ${declared ?? 'nothing'}`,
        );
      }
      if (name !== expected.name) {
        add(path, `${name} is not this environment's certificate (${expected.name}): in the shared gateway's namespace it may be another environment's`);
      }
    });
  }
  return problems;
};
