import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { findSignedInActor } from '@/lib/server/auth/page-context';

// Every console page is per-user and reads configuration at request time, never at build time.
export const dynamic = 'force-dynamic';

// The shell only needs who is signed in. It never redirects: a layout does not know the URL, so
// each page calls getPageContext with its own return path and redirects from there.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await findSignedInActor();
  return <ConsoleShell user={actor ? { name: actor.name, email: actor.email, role: actor.role } : null}>{children}</ConsoleShell>;
}
