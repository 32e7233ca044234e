import { isMeaningfulReason, podSecurityReasonAnnotation } from '@/lib/core/environments/pod-security';
import { idOf, type PolicyCheck, type Problem } from './problem';

const label = (mode: string) => `pod-security.kubernetes.io/${mode}`;

/**
 * Every namespace of the render enforces restricted, or baseline with a meaningful reason in its
 * annotation, at the latest version; audit and warn are always restricted (so a baseline namespace
 * still reports what restricted would refuse); privileged never.
 */
export const checkPodSecurityLevels: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const namespace of objects.filter((o) => o.kind === 'Namespace')) {
    const add = (path: string, message: string) => problems.push({ object: idOf(namespace), path, message, check: 'pod-security-levels' });
    const labels = namespace.metadata.labels ?? {};
    const enforce = labels[label('enforce')];
    if (enforce === 'privileged') add(`metadata.labels.${label('enforce')}`, 'privileged: a platform namespace never enforces less than baseline');
    else if (enforce === 'baseline') {
      if (!isMeaningfulReason(namespace.metadata.annotations?.[podSecurityReasonAnnotation])) {
        add(`metadata.annotations.${podSecurityReasonAnnotation}`, 'baseline without a reason: the spec must say why restricted cannot do');
      }
    } else if (enforce !== 'restricted') add(`metadata.labels.${label('enforce')}`, `${enforce ?? 'unset'}: must be restricted (or baseline with a reason)`);
    if ((labels[label('enforce-version')] ?? 'latest') !== 'latest') add(`metadata.labels.${label('enforce-version')}`, 'must be latest: an older version drops later checks');
    for (const mode of ['audit', 'warn']) {
      if (labels[label(mode)] !== 'restricted') add(`metadata.labels.${label(mode)}`, `${labels[label(mode)] ?? 'unset'}: must stay restricted so violations are reported`);
    }
  }
  return problems;
};
