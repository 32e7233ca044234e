import { containersOf, podTemplates } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** The restricted Pod Security Standard, field by field, so a refusal is explained before admission. */
export const checkRestrictedSecurityContext: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    const object = idOf(template.workload);
    const pod = template.podSpec.securityContext ?? {};
    const add = (path: string, message: string) => problems.push({ object, path, message, check: 'restricted-security-context' });
    for (const { container, path } of containersOf(template)) {
      const sc = container.securityContext ?? {};
      const at = `${path}.securityContext`;
      if (sc.runAsNonRoot !== true && pod.runAsNonRoot !== true) add(`${at}.runAsNonRoot`, 'must run as non-root (runAsNonRoot: true)');
      if (sc.runAsUser === 0 || (sc.runAsUser === undefined && pod.runAsUser === 0)) add(`${at}.runAsUser`, 'must not run as UID 0');
      if (sc.readOnlyRootFilesystem !== true) add(`${at}.readOnlyRootFilesystem`, 'root filesystem must be read-only');
      if (sc.allowPrivilegeEscalation !== false) add(`${at}.allowPrivilegeEscalation`, 'must be false');
      if (sc.privileged === true) add(`${at}.privileged`, 'privileged containers are not allowed');
      const drop: string[] = sc.capabilities?.drop ?? [];
      if (!drop.includes('ALL')) add(`${at}.capabilities.drop`, 'must drop ALL capabilities');
      const added: string[] = sc.capabilities?.add ?? [];
      if (added.some((c) => c !== 'NET_BIND_SERVICE')) add(`${at}.capabilities.add`, 'only NET_BIND_SERVICE may be added');
      const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') add(`${at}.seccompProfile.type`, 'seccomp profile must be RuntimeDefault');
    }
    if (template.podSpec.hostNetwork || template.podSpec.hostPID || template.podSpec.hostIPC) {
      add(`${template.path}.hostNetwork`, 'host namespaces are not allowed');
    }
  }
  return problems;
};
