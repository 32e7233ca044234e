import { Alert } from '../ui/alert';

/** A cluster that is still being brought up: what it is doing and when, and that deploys wait for it. */
export function ProvisioningNotice({ text, failed }: { text: string; failed: boolean }) {
  return (
    <Alert tone={failed ? 'danger' : 'info'} title={text.charAt(0).toUpperCase() + text.slice(1)}>
      {failed ? 'Deploys to it are not possible until it runs.' : 'Plans and deploys to it wait until it is registered; this page shows the state when you reload it.'}
    </Alert>
  );
}
