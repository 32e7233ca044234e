import type { Metadata } from 'next';
import { SignInButton } from '@/components/auth/sign-in-button';
import { safeCallbackUrl, signInErrorMessage } from '@/components/auth/sign-in-messages';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { Alert } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Sign in' };

type SignInPageProps = { searchParams: Promise<{ error?: string | string[]; callbackUrl?: string | string[] }> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const error = first(params.error);
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  return (
    <div className="flex min-h-screen flex-col">
      <div className="flex justify-end p-3">
        <ThemeToggle />
      </div>
      <main id="main-content" className="flex flex-1 items-center justify-center px-4 pb-16">
        <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <div className="space-y-2 text-center">
            <span aria-hidden="true" className="mx-auto inline-grid size-10 place-items-center rounded-lg bg-sky-700 text-sm font-bold text-white">
              PP
            </span>
            <h1 className="text-xl font-semibold tracking-tight">PersonaPass Platform Console</h1>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Deploy and operate the PersonaPass identity platform. Sign in with your company account.
            </p>
          </div>
          {error ? (
            <Alert tone="danger" title="Sign-in failed">
              {signInErrorMessage(error)}
            </Alert>
          ) : null}
          <SignInButton callbackUrl={callbackUrl} />
        </div>
      </main>
    </div>
  );
}
