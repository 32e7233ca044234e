import type { Page } from '@playwright/test';
import type { Role } from '../support/users';

/** What every signed-in page shows: the header with the user's name and role badge. */
export class ConsoleShell {
  constructor(private readonly page: Page) {}

  readonly header = () => this.page.getByRole('banner');
  readonly roleBadge = (role: Role) => this.header().getByText(`role: ${role}`);
  readonly signOutButton = () => this.header().getByRole('button', { name: /sign out/i });
}
