import { parse } from 'yaml';
import { alertmanagerConfigSecret, deadMansSwitch, receiverSecret, receiverSecretKeys, watchdog } from '../monitoring/alertmanager-config';
import { idOf, type PolicyCheck, type Problem } from './problem';

const check = 'dead-mans-switch';

type Receiver = { name: string } & Record<string, unknown>;
type Route = { receiver?: string; matchers?: string[]; routes?: Route[] };

/** Literal credentials a receiver may not carry (each has a `_file` form read from a mounted Secret). */
const literalCredentials = ['url', 'api_url', 'webhook_url', 'routing_key', 'service_key', 'api_key', 'bot_token'];

/**
 * The monitoring's heartbeat reaches someone, and no receiver's credential is in the render:
 * - production's Watchdog must go to a receiver that notifies (the dead man's switch): otherwise a
 *   dead Prometheus or Alertmanager is noticed by no one;
 * - a receiver reads URLs and keys from files of a Secret the Alertmanager mounts (`url_file`,
 *   `api_url_file`, `routing_key_file`), never as literal values: a ping or webhook URL is its own
 *   credential, and the configuration Secret's text is what plans, diffs and revisions show.
 */
export const checkDeadMansSwitch: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  for (const secret of objects.filter((o) => o.kind === 'Secret' && o.metadata.name === alertmanagerConfigSecret)) {
    const add = (path: string, message: string) => problems.push({ object: idOf(secret), path: `stringData["alertmanager.yaml"]${path}`, message, check });
    const text = (secret.stringData as Record<string, string> | undefined)?.['alertmanager.yaml'];
    const config = (text ? parse(text) : {}) as { route?: Route; receivers?: Receiver[] };
    const receivers = config.receivers ?? [];
    const alertmanager = objects.find((o) => o.kind === 'Alertmanager' && o.metadata.namespace === secret.metadata.namespace);
    const mounted = ((alertmanager?.spec?.secrets ?? []) as string[]).map((name) => `/etc/alertmanager/secrets/${name}/`);

    receivers.forEach((receiver, r) => {
      for (const [key, value] of Object.entries(receiver)) {
        if (!key.endsWith('_configs') || !Array.isArray(value)) continue;
        (value as Record<string, unknown>[]).forEach((integration, i) => {
          const at = `.receivers[${r}].${key}[${i}]`;
          for (const field of literalCredentials.filter((f) => typeof integration[f] === 'string')) {
            add(`${at}.${field}`, `${receiver.name} carries its ${field} in the configuration; read it from the ${receiverSecret} Secret with ${field}_file`);
          }
          for (const [field, path] of Object.entries(integration).filter(([f]) => f.endsWith('_file'))) {
            if (typeof path !== 'string' || !mounted.some((dir) => path.startsWith(dir))) {
              add(`${at}.${field}`, `${receiver.name} reads ${String(path)}, which is in no Secret the Alertmanager mounts (spec.secrets)`);
            }
          }
        });
      }
    });

    if (spec.tier !== 'production') continue;
    const route = (config.route?.routes ?? []).find((r) => (r.matchers ?? []).includes(`alertname="${watchdog}"`));
    const receiver = receivers.find((r) => r.name === (route?.receiver ?? config.route?.receiver));
    const notifies = receiver !== undefined && Object.entries(receiver).some(([key, value]) => key.endsWith('_configs') && Array.isArray(value) && value.length > 0);
    if (!notifies) {
      add(
        '.receivers',
        `${watchdog} reaches no one (receiver ${receiver?.name ?? route?.receiver ?? deadMansSwitch} notifies nothing), so a dead Prometheus or Alertmanager goes unnoticed in production: ` +
          `set observability.deadMansSwitch and put the heartbeat check's https ping URL in the ${receiverSecret} Secret (key ${receiverSecretKeys.deadMansSwitch})`,
      );
    }
  }
  return problems;
};
