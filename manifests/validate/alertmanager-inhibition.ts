import { parse } from 'yaml';
import { alertmanagerConfigSecret } from '../monitoring/alertmanager-config';
import { type InhibitRule, unguardedEqualLabels } from '../monitoring/inhibition';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** An inhibit rule compares only labels both of its sides require: Alertmanager takes a label
 *  missing on both alerts as equal, and would mute warnings about something else entirely. */
export const checkAlertmanagerInhibition: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const secret of objects.filter((o) => o.kind === 'Secret' && o.metadata.name === alertmanagerConfigSecret)) {
    const text = (secret.stringData as Record<string, string> | undefined)?.['alertmanager.yaml'];
    const rules: InhibitRule[] = (text ? (parse(text) as { inhibit_rules?: InhibitRule[] }) : {}).inhibit_rules ?? [];
    rules.forEach((rule, i) => {
      const loose = unguardedEqualLabels(rule);
      if (loose.length === 0) return;
      problems.push({
        object: idOf(secret),
        path: `stringData["alertmanager.yaml"].inhibit_rules[${i}].equal`,
        message: `compares ${loose.join(', ')} without requiring ${loose.length > 1 ? 'them' : 'it'} on both alerts (add ${loose.map((l) => `${l}!=""`).join(', ')} to source_matchers and target_matchers): alerts lacking ${loose.length > 1 ? 'them' : 'it'} would count as equal`,
        check: 'alertmanager-inhibition',
      });
    });
  }
  return problems;
};
