// probe (review10-attack): a container's termination message is what it wrote to
// /dev/termination-log or, with terminationMessagePolicy FallbackToLogsOnError, the tail of its
// log (up to 80 lines / 2 KB, Kubernetes docs). trimLiveObject keeps it (cut to 512 chars) and
// /live streams it to every viewer: viewers may not read logs (DESIGN.md Roles), and the log
// tail's redaction is bypassed. Fixed: drop terminated/waiting `message` from container states
// (keep reason and exit code), or pass it through the log redaction and show it to operators only.
import { describe, expect, it } from 'vitest';
import { trimLiveObject } from './trim-live-object';

const crashed = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'wallet-api-1', namespace: 'personapass-dev', uid: 'u', resourceVersion: '1' },
  spec: { containers: [{ name: 'wallet-api', image: 'wallet-api:1' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'wallet-api',
        ready: false,
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        // What the kubelet copies from the log with FallbackToLogsOnError:
        lastState: { terminated: { reason: 'Error', exitCode: 1, message: 'connecting to postgres://wallet:S3cr3tPassw0rd@db:5432/wallet\npanic: auth failed' } },
      },
    ],
  },
};

describe('trimLiveObject termination messages (probe)', () => {
  it('never keeps a container log tail a viewer could read through /live', () => {
    const trimmed = JSON.stringify(trimLiveObject('Pod', crashed));
    expect(trimmed).not.toContain('S3cr3tPassw0rd');
  });
});
