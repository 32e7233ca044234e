// Writes the local stack's alerting configuration (local-alerting.ts), for components/prometheus.sh
// and components/alertmanager.sh:
//   tsx render-alerting.ts rules DIR           one rule file per local environment, DIR/<env>.yml,
//                                              and the recording rules once, DIR/recording.yml
//   tsx render-alerting.ts alertmanager FILE   Alertmanager's configuration
// Environments: $PP_PLATFORM_ENVIRONMENTS; `for:` and routing intervals divided by
// $PP_ALERT_TIME_DIVISOR (1 keeps the platform's); receivers post to $PP_ALERT_RECEIVER_URL.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordingRuleGroups } from '@/manifests/monitoring/prometheus-rule';
import { toYaml } from '@/manifests/yaml-text';
import { localAlertmanagerConfig, localEnvironmentSpecs, localRuleGroups } from './local-alerting';

const [what, target] = process.argv.slice(2);
const specs = localEnvironmentSpecs((process.env.PP_PLATFORM_ENVIRONMENTS ?? 'dev staging prod').split(/\s+/).filter(Boolean));
const divisor = Number(process.env.PP_ALERT_TIME_DIVISOR ?? '1');
if (!Number.isFinite(divisor) || divisor < 1) throw new Error(`PP_ALERT_TIME_DIVISOR must be a number >= 1, not ${process.env.PP_ALERT_TIME_DIVISOR}`);

if (what === 'rules' && target) {
  await mkdir(target, { recursive: true });
  for (const file of await readdir(target)) if (file.endsWith('.yml')) await rm(join(target, file));
  for (const spec of specs) await writeFile(join(target, `${spec.name}.yml`), toYaml({ groups: localRuleGroups(spec, divisor) }));
  // The recording rules are the same in every environment's PrometheusRule: loaded once here.
  await writeFile(join(target, 'recording.yml'), toYaml({ groups: recordingRuleGroups() }));
} else if (what === 'alertmanager' && target) {
  const receiverUrl = process.env.PP_ALERT_RECEIVER_URL;
  if (!receiverUrl) throw new Error('PP_ALERT_RECEIVER_URL is not set');
  await writeFile(target, toYaml(localAlertmanagerConfig(specs, { divisor, receiverUrl })));
} else {
  console.error('usage: render-alerting.ts rules DIR | alertmanager FILE');
  process.exit(2);
}
