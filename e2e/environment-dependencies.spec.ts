import { createEnvironment, developmentSpec, getEnvironment, putEnvironment, uniqueEnvironmentName } from './fixtures/environments';
import { screenshots } from './fixtures/screenshots';
import { expect, test } from './fixtures/test';
import { EnvironmentFormPage, EnvironmentPage, HistoryPage } from './pages/environment-pages';

// Issue 9's spec fields in the form and on the overview: a component's external dependencies
// (edited row by row, a CIDR block per input), the node count and the Watchdog's dead man's switch.

const dependency = (form: EnvironmentFormPage, component: string, row: number) =>
  form.component(component).getByRole('group', { name: new RegExp(`^Dependency ${row}\\b`) });

test.describe('environment dependencies, nodes and the Watchdog', () => {
  test('an admin adds a CIDR block to a dependency by keyboard; the overview and the revision diff show it', async ({ pageAs }) => {
    // Staging is protected: only an admin edits it.
    const page = await pageAs('admin');
    const name = uniqueEnvironmentName('deps');
    // A staging environment without a dead man's switch: the overview warns.
    await createEnvironment(page.request, developmentSpec(name, undefined, 'staging'));
    const environment = new EnvironmentPage(page);
    await environment.goto(name);
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing watches the watchers' })).toContainText('the always-firing Watchdog alert reaches no one');
    await expect(page.locator('dt', { hasText: /^Nodes$/ }).locator('xpath=following-sibling::dd[1]')).toContainText('3 nodes (the staging default)');

    const form = new EnvironmentFormPage(page);
    await form.gotoEdit(name);
    await expect(form.field('Nodes')).toHaveAttribute('placeholder', '3');
    const database = dependency(form, 'wallet-api', 1);
    await expect(database.getByLabel('Dependency name', { exact: true })).toHaveValue('database');
    await expect(database.getByLabel('CIDR block 1', { exact: true })).toHaveValue('10.40.0.0/24');
    await expect(database.getByLabel('CIDR block 2', { exact: true })).toHaveValue('10.40.1.0/24');

    const add = database.getByRole('button', { name: 'Add CIDR block to dependency 1' });
    await add.focus();
    await page.keyboard.press('Enter');
    const added = database.getByLabel('CIDR block 3', { exact: true });
    await expect(added).toBeFocused();
    await page.keyboard.type('10.40.2.0/24');
    await form.field('Nodes').fill('4');
    await form.field("Dead man's switch").check();
    await form.changeNote().fill('the database gained a third zone');
    await screenshots(page, 'edit-form-wallet-api-dependencies', form.component('wallet-api').getByRole('group', { name: 'External dependencies', exact: true }));
    await form.save();
    await environment.expectAt(name, 2);

    const head = await getEnvironment(page.request, name);
    expect(head.spec.components['wallet-api'].dependencies).toEqual([
      { name: 'database', host: 'postgres-staging.data.personapass.io', cidrs: ['10.40.0.0/24', '10.40.1.0/24', '10.40.2.0/24'], port: 5432 },
    ]);
    expect(head.spec.nodes).toBe(4);
    await expect(page.getByRole('list', { name: 'CIDR blocks of wallet-api database' }).getByRole('listitem')).toHaveText(['10.40.0.0/24', '10.40.1.0/24', '10.40.2.0/24']);
    await expect(page.locator('dt', { hasText: /^Nodes$/ }).locator('xpath=following-sibling::dd[1]')).toContainText('4 nodes (set in the spec; the staging default is 3)');
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing watches the watchers' })).toHaveCount(0);
    await expect(page.getByText('Watchdog heartbeat goes to the dead man’s switch')).toBeVisible();
    await screenshots(page, 'overview');

    const history = new HistoryPage(page);
    await history.goto(name, 1, 2);
    const row = history.diffRow(1, 2, 'components.wallet-api.dependencies');
    await expect(row).toContainText('before: database postgres-staging.data.personapass.io:5432 from 10.40.0.0/24, 10.40.1.0/24');
    await expect(row).toContainText('after: database postgres-staging.data.personapass.io:5432 from 10.40.0.0/24, 10.40.1.0/24, 10.40.2.0/24');
    await expect(history.diffRow(1, 2, 'nodes')).toContainText('after: 4');
    await expect(history.diffRow(1, 2, 'observability.deadMansSwitch')).toContainText('after: true');
    await expect(history.diffTable(1, 2).getByRole('row')).toHaveCount(4); // header + the three changes
    await screenshots(page, 'revision-diff');
  });

  test('a bad CIDR block shows the server’s message at that block and saves nothing', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('badcidr');
    const seeded = await createEnvironment(page.request, developmentSpec(name));

    // What the server says about this block.
    const refused = structuredClone(seeded.spec);
    refused.components['wallet-api'].dependencies[0]!.cidrs.push('10.30.1.7/24');
    const response = await putEnvironment(page.request, name, seeded.revision, refused, 'host bits set');
    expect(response.status()).toBe(400);
    const issues = ((await response.json()) as { error: { details: { issues: Array<{ path: string; message: string }> } } }).error.details.issues;
    const serverIssue = issues.find((issue) => issue.path === 'spec.components.wallet-api.dependencies.0.cidrs.1');
    expect(serverIssue?.message).toBe('must be the network address of the block (host bits zero)');

    const form = new EnvironmentFormPage(page);
    await form.gotoEdit(name);
    const database = dependency(form, 'wallet-api', 1);
    await database.getByRole('button', { name: 'Add CIDR block to dependency 1' }).click();
    const block = database.getByLabel('CIDR block 2', { exact: true });
    await block.fill('10.30.1.7/24');
    await block.blur();
    await expect(block).toHaveAttribute('aria-invalid', 'true');
    await expect(block).toHaveAccessibleDescription(serverIssue!.message);
    await expect(database.getByLabel('CIDR block 1', { exact: true })).not.toHaveAttribute('aria-invalid');

    await form.changeNote().fill('a block with host bits');
    await form.save();
    await expect(form.errorSummary()).toContainText('wallet-api › Dependency 1 › CIDR block 2');
    await expect(form.errorSummary()).toContainText(serverIssue!.message);
    await screenshots(page, 'bad-cidr-wallet-api', dependency(form, 'wallet-api', 1));
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/edit$`));
    expect((await getEnvironment(page.request, name)).revision).toBe(1);
  });
});
