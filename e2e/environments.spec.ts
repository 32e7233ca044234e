import { createEnvironment, developmentSpec, getEnvironment, putEnvironment, uniqueEnvironmentName, updateEnvironment } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { ClonePage, EnvironmentFormPage, EnvironmentPage, HistoryPage } from './pages/environment-pages';

// Every test seeds its own uniquely named environment, so tests are independent of each other, of
// the order they run in, and of the seeded dev/staging/prod.

test.describe('environments', () => {
  test('an operator creates an environment, edits it, clones it and compares revisions', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('op');
    const cloneName = `${name}-copy`;
    const form = new EnvironmentFormPage(page);
    const environment = new EnvironmentPage(page);

    await form.gotoNew();
    await form.field('Name').fill(name);
    // The registered clusters are the choices (other tests register more than "local").
    await expect(form.field('Cluster').getByRole('option', { name: 'local' })).toBeAttached();
    await form.field('Cluster').selectOption('local');
    await expect(form.field('Namespace')).toHaveValue(`personapass-${name}`);
    await expect(form.field('Protected')).not.toBeChecked();
    await form.changeNote().fill('created by the e2e test');
    await form.save();
    await environment.expectAt(name, 1);

    await environment.editLink().click();
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/edit$`));
    await expect(form.componentField('wallet-api', 'Replicas')).toHaveValue('1');
    await form.setComponentField('wallet-api', 'Replicas', '3');
    await form.changeNote().fill('more wallet-api replicas for the launch');
    await form.save();
    await environment.expectAt(name, 2);

    await environment.cloneLink().click();
    await new ClonePage(page).cloneAs(cloneName);
    await environment.expectAt(cloneName, 1);
    const clone = await getEnvironment(page.request, cloneName);
    expect(clone.spec.components['wallet-api'].replicas).toBe(3);
    expect(clone.spec.namespace).toBe(`personapass-${cloneName}`);

    const history = new HistoryPage(page);
    await history.goto(name, 1, 2);
    const row = history.diffRow(1, 2, 'components.wallet-api.replicas');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('before: 1');
    await expect(row).toContainText('after: 3');
    await expect(history.diffTable(1, 2).getByRole('row')).toHaveCount(2); // header + the one change
  });

  test('a viewer sees Edit disabled with the reason, and the API refuses their PUT', async ({ pageAs }) => {
    const operator = await pageAs('operator');
    const name = uniqueEnvironmentName('view');
    const seeded = await createEnvironment(operator.request, developmentSpec(name));

    const viewer = await pageAs('viewer');
    const environment = new EnvironmentPage(viewer);
    await environment.goto(name);
    await expect(environment.editLink()).toHaveCount(0);
    await expect(environment.editButton()).toBeDisabled();
    await expect(environment.editButton()).toHaveAccessibleDescription(/needs the operator or admin role \(you are viewer\)/);

    const form = new EnvironmentFormPage(viewer);
    await form.gotoEdit(name);
    await expect(form.readOnlyNotice()).toBeVisible();
    await expect(form.saveButton()).toBeDisabled();

    const changed = structuredClone(seeded.spec);
    changed.components['wallet-api'].replicas = 5;
    const response = await putEnvironment(viewer.request, name, seeded.revision, changed, 'a viewer tries anyway');
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect((await getEnvironment(viewer.request, name)).revision).toBe(1);
  });

  test('saving a stale edit shows the conflict and what changed', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('stale');
    await createEnvironment(page.request, developmentSpec(name));

    const form = new EnvironmentFormPage(page);
    await form.gotoEdit(name);
    await form.setComponentField('wallet-api', 'Replicas', '2');
    await form.changeNote().fill('my change');

    // Someone else saves first.
    const admin = await pageAs('admin');
    await updateEnvironment(admin.request, name, (spec) => {
      spec.components['identity-service'].replicas = 4;
    }, 'scaled identity-service');

    await form.save();
    const conflict = form.conflictPanel();
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('saved revision 2');
    await expect(conflict.getByRole('list', { name: 'Changed since you opened it' })).toContainText('components.identity-service.replicas');
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/edit$`));

    await form.loadLatestButton().click();
    await expect(form.pendingEdits()).toContainText('components.wallet-api.replicas');
    await form.pendingEdits().getByRole('button', { name: 'Re-apply my edits' }).click();
    await expect(form.componentField('wallet-api', 'Replicas')).toHaveValue('2');
    await expect(form.componentField('identity-service', 'Replicas')).toHaveValue('4');
    await form.save();
    await new EnvironmentPage(page).expectAt(name, 3);
    const head = await getEnvironment(page.request, name);
    expect(head.spec.components['wallet-api'].replicas).toBe(2);
    expect(head.spec.components['identity-service'].replicas).toBe(4);
  });

  test('a limit below its request is flagged inline and blocks saving', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('invalid');
    await createEnvironment(page.request, developmentSpec(name));

    const form = new EnvironmentFormPage(page);
    await form.gotoEdit(name);
    await expect(form.componentField('wallet-api', 'CPU request')).toHaveValue('250m');
    await form.setComponentField('wallet-api', 'CPU limit', '100m');
    const limit = form.componentField('wallet-api', 'CPU limit');
    await expect(limit).toHaveAttribute('aria-invalid', 'true');
    await expect(limit).toHaveAccessibleDescription(/limit must be at least the request/);

    await form.changeNote().fill('too small a limit');
    await form.save();
    await expect(form.errorSummary()).toContainText('wallet-api › CPU limit');
    await expect(form.errorSummary()).toContainText('limit must be at least the request');
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/edit$`));
    expect((await getEnvironment(page.request, name)).revision).toBe(1);
  });

  test('a namespace left behind by a move stays held until an admin releases it', async ({ pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('mv');
    await createEnvironment(admin.request, developmentSpec(name));
    await updateEnvironment(admin.request, name, (spec) => Object.assign(spec, { namespace: `personapass-${name}-b` }), 'move to another namespace');

    await admin.goto(`/environments/${name}`);
    const notice = admin.getByRole('alert').filter({ hasText: 'namespaces it moved away from' });
    await expect(notice).toContainText(`${name} still holds 3 namespaces`);
    await notice.getByRole('button', { name: `Release personapass-${name} on local` }).click();
    await expect(notice).toContainText(`${name} still holds 2 namespaces`);

    const viewer = await pageAs('viewer');
    await viewer.goto(`/environments/${name}`);
    await expect(viewer.getByRole('alert').filter({ hasText: 'namespaces it moved away from' })).toBeVisible();
    await expect(viewer.getByRole('button', { name: /^Release / })).toHaveCount(0);
  });
});
