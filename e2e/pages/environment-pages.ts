import { expect, type Locator, type Page } from '@playwright/test';

// Page objects for the environment screens, by accessible names only (labels, button names,
// regions named after components, role=alert for problems).

/** /environments/new and /environments/[name]/edit: the spec form. */
export class EnvironmentFormPage {
  constructor(private readonly page: Page) {}

  readonly form = () => this.page.getByRole('form');
  readonly field = (label: string) => this.form().getByLabel(label, { exact: true });
  readonly component = (name: string) => this.form().getByRole('region', { name, exact: true });
  readonly componentField = (component: string, label: string) => this.component(component).getByLabel(label, { exact: true });
  readonly changeNote = () => this.field('Change note');
  readonly saveButton = () => this.page.getByRole('button', { name: 'Save', exact: true });
  readonly errorSummary = () => this.page.getByRole('alert').filter({ hasText: /before saving/ });
  readonly conflictPanel = () => this.page.getByRole('alert').filter({ hasText: 'changed since you opened it' });
  readonly readOnlyNotice = () => this.page.getByRole('alert').filter({ hasText: 'You can look but not save' });
  readonly loadLatestButton = () => this.page.getByRole('button', { name: 'Load latest and re-apply' });
  readonly pendingEdits = () => this.page.getByRole('region', { name: 'Your edits to re-apply' });

  async gotoNew() {
    await this.page.goto('/environments/new');
    await expect(this.page.getByRole('heading', { level: 1, name: 'New environment' })).toBeVisible();
  }

  async gotoEdit(name: string) {
    await this.page.goto(`/environments/${name}/edit`);
    await expect(this.page.getByRole('heading', { level: 1, name: `Edit ${name}` })).toBeVisible();
  }

  async setComponentField(component: string, label: string, value: string) {
    const input = this.componentField(component, label);
    await input.fill(value);
    await input.blur();
  }

  async save() {
    await this.saveButton().click();
  }
}

/** /environments/[name]: the overview and its actions. */
export class EnvironmentPage {
  constructor(private readonly page: Page) {}

  readonly heading = (name: string) => this.page.getByRole('heading', { level: 1, name, exact: true });
  readonly headRevision = () => this.page.getByText(/^revision \d+$/);
  /** Edit is a link when allowed and a disabled button (with its reason) when not. */
  readonly editLink = () => this.page.getByRole('link', { name: 'Edit', exact: true });
  readonly editButton = () => this.page.getByRole('button', { name: 'Edit', exact: true });
  readonly cloneLink = () => this.page.getByRole('link', { name: 'Clone', exact: true });
  readonly historyLink = () => this.page.getByRole('link', { name: 'History', exact: true });

  async goto(name: string) {
    await this.page.goto(`/environments/${name}`);
    await expect(this.heading(name)).toBeVisible();
  }

  async expectAt(name: string, revision: number) {
    await expect(this.page).toHaveURL(new RegExp(`/environments/${name}$`));
    await expect(this.heading(name)).toBeVisible();
    await expect(this.headRevision()).toHaveText(`revision ${revision}`);
  }
}

/** /environments/[name]/clone. */
export class ClonePage {
  constructor(private readonly page: Page) {}

  readonly form = () => this.page.getByRole('form');
  readonly name = () => this.form().getByLabel('Name', { exact: true });
  readonly namespace = () => this.form().getByLabel('Namespace', { exact: true });
  readonly cloneButton = () => this.form().getByRole('button', { name: 'Clone', exact: true });

  async cloneAs(name: string) {
    await this.name().fill(name);
    await expect(this.namespace()).toHaveValue(`personapass-${name}`);
    await this.cloneButton().click();
  }
}

/** /environments/[name]/history?from=&to=: the revision list and the field-level diff. */
export class HistoryPage {
  constructor(private readonly page: Page) {}

  readonly diffTable = (from: number, to: number) =>
    this.page.getByRole('table', { name: `Changes from revision ${from} to revision ${to}` });

  async goto(name: string, from: number, to: number) {
    await this.page.goto(`/environments/${name}/history?from=${from}&to=${to}`);
    await expect(this.page.getByRole('heading', { level: 1, name: `History of ${name}` })).toBeVisible();
  }

  diffRow(from: number, to: number, path: string): Locator {
    return this.diffTable(from, to).getByRole('row').filter({ has: this.page.getByRole('cell', { name: path, exact: true }) });
  }
}
