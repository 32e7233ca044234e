import { pass, unreadable, type ReadinessCheck, type Reading } from './readiness';

const title = 'Kubernetes version';
/** The platform's floor (the seed). */
export const minimumVersion = { major: 1, minor: 26 };
/** The console's admission policies (ValidatingAdmissionPolicy with the CEL they use) are GA from here. */
export const admissionPolicyVersion = { major: 1, minor: 30 };

/** "v1.33.1", "v1.29.4-eks-036c24b", "v1.30.0+k3s1" → 1.33; undefined when it is no such version. */
export function parseMinorVersion(gitVersion: string): { major: number; minor: number } | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.|$|[-+])/.exec(gitVersion.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

const below = (v: { major: number; minor: number }, floor: { major: number; minor: number }) => v.major < floor.major || (v.major === floor.major && v.minor < floor.minor);

export function checkKubernetesVersion(reading: Reading<string>): ReadinessCheck {
  const id = 'kubernetes-version';
  if (!reading.ok) return unreadable(id, title, "the API server's version (/version)", reading.error);
  const version = parseMinorVersion(reading.value);
  if (!version) {
    return { id, title, status: 'warn', summary: `the API server reports version "${reading.value}", which is not a Kubernetes version the console can compare`, details: [], remedy: `check by hand that the cluster runs Kubernetes ${minimumVersion.major}.${minimumVersion.minor} or later` };
  }
  const shown = `${version.major}.${version.minor}`;
  if (below(version, minimumVersion)) {
    return { id, title, status: 'fail', summary: `Kubernetes ${shown} (${reading.value}) is older than ${minimumVersion.major}.${minimumVersion.minor}`, details: [], remedy: `upgrade the cluster to Kubernetes ${admissionPolicyVersion.major}.${admissionPolicyVersion.minor} or later` };
  }
  if (below(version, admissionPolicyVersion)) {
    return {
      id,
      title,
      status: 'warn',
      summary: `Kubernetes ${shown} (${reading.value}) runs the platform, but the console's admission policies need ${admissionPolicyVersion.major}.${admissionPolicyVersion.minor}`,
      details: ['ValidatingAdmissionPolicy (console-admission.yaml) is GA with the CEL features the policies use from 1.30 on'],
      remedy: `upgrade to Kubernetes ${admissionPolicyVersion.major}.${admissionPolicyVersion.minor} or later; until then nothing but RBAC limits what the console writes`,
    };
  }
  return pass(id, title, `Kubernetes ${shown} (${reading.value})`);
}
