import { expect, type Page } from '@playwright/test';
import type { Credentials } from '../support/users';

/** The console's /sign-in page. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  readonly ssoButton = () => this.page.getByRole('button', { name: 'Sign in with PersonaPass SSO' });
  readonly failure = () => this.page.getByRole('alert').filter({ hasText: 'Sign-in failed' });

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/sign-in');
    await expect(this.ssoButton()).toBeEnabled();
  }

  /** Starts single sign-on and returns the issuer's login form. */
  async continueWithSso(): Promise<IssuerLoginPage> {
    await this.ssoButton().click();
    const login = new IssuerLoginPage(this.page);
    await expect(login.email()).toBeVisible();
    return login;
  }
}

/** The local OIDC issuer's login form (scripts/oidc/issuer.ts). */
export class IssuerLoginPage {
  constructor(private readonly page: Page) {}

  readonly email = () => this.page.getByLabel('Email');
  readonly password = () => this.page.getByLabel('Password');
  readonly submit = () => this.page.getByRole('button', { name: 'Sign in' });

  async signIn({ email, password }: Credentials) {
    await this.email().fill(email);
    await this.password().fill(password);
    await this.submit().click();
  }
}
