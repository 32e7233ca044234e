import { getServerSession } from 'next-auth';
import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { getDeps } from '@/lib/server/deps';

// Every console page is per-user and reads configuration at request time, never at build time.
export const dynamic = 'force-dynamic';

// The shell only needs who is signed in. It never redirects: a layout does not know the URL, so
// each page calls getPageContext with its own return path and redirects from there.
async function findShellUser() {
  const session = await getServerSession(buildAuthOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const user = userId ? await getDeps().users.getUser(userId) : null;
  return user ? { name: user.name, email: user.email, role: user.role } : null;
}

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  return <ConsoleShell user={await findShellUser()}>{children}</ConsoleShell>;
}
