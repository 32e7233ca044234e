import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';

// An admin adds an outgoing webhook on the environment page: a private address is refused with the
// server's reason beside the field; a public one is added and its signing secret shown once; a test
// is queued and shows in the delivery log; deleting asks first. Operators do not see the section.

test.describe('webhooks', () => {
  test('an admin adds one (secret shown once), sends a test, reads the delivery log and deletes it', async ({ pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('hooks');
    await createEnvironment(admin.request, developmentSpec(name));

    await admin.goto(`/environments/${name}`);
    await expect(admin.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    await expect(admin.getByText('No webhooks')).toBeVisible();
    const form = admin.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('Name').fill('#prod-deploys');
    await form.getByLabel('URL').fill('http://10.1.2.3/hook');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.getByText(/10\.0\.0\.0\/8.*WEBHOOK_ALLOW_PRIVATE/)).toBeVisible();

    await form.getByLabel('URL').fill('https://203.0.113.10/hook');
    await form.getByLabel('Format').selectOption('generic');
    await form.getByLabel('run.failed').check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(admin.getByLabel('Webhook signing secret')).toHaveValue(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = admin.getByRole('row', { name: /#prod-deploys/ });
    await expect(row).toContainText('run.failed');

    await row.getByRole('button', { name: 'Send a test to #prod-deploys' }).click();
    await expect(admin.getByText('Test queued for #prod-deploys')).toBeVisible();
    const log = admin.getByRole('table', { name: 'Deliveries to #prod-deploys' });
    await expect(log.getByRole('row', { name: /webhook\.test/ })).toBeVisible();

    await row.getByRole('button', { name: 'Delete #prod-deploys' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete webhook' }).click();
    await expect(admin.getByText('Deleted the webhook #prod-deploys')).toBeVisible();
    await expect(admin.getByText('No webhooks')).toBeVisible();
  });

  test('operators do not see the section', async ({ pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('hooks-op');
    await createEnvironment(admin.request, developmentSpec(name));
    const operator = await pageAs('operator');
    await operator.goto(`/environments/${name}`);
    await expect(operator.getByRole('heading', { name: name, level: 1 })).toBeVisible();
    await expect(operator.getByRole('heading', { name: 'Notifications' })).toHaveCount(0);
  });
});
