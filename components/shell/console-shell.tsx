import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/core/auth/roles';
import { ConsoleNav, type NavItem } from './console-nav';
import { RoleBadge } from './role-badge';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

type ShellUser = { name: string; email: string; role: Role };

function navItemsFor(role: Role | undefined): NavItem[] {
  const items: NavItem[] = [
    { href: '/environments', label: 'Environments' },
    { href: '/settings/tokens', label: 'API tokens' },
  ];
  // Hidden for others as a convenience only; the pages and the API check the role themselves.
  if (role === 'admin') {
    items.push({ href: '/admin/clusters', label: 'Clusters' }, { href: '/admin/users', label: 'Users' }, { href: '/admin/audit', label: 'Audit log' }, { href: '/admin/backups', label: 'Backups' });
  }
  return items;
}

export function ConsoleShell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="flex h-14 items-center justify-between gap-4 px-4 md:px-6">
          <Link href="/environments" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden="true" className="inline-grid size-7 place-items-center rounded-md bg-sky-700 text-xs font-bold text-white">
              PP
            </span>
            <span>PersonaPass Console</span>
          </Link>
          <div className="flex items-center gap-2 text-sm">
            <ThemeToggle />
            {user ? (
              <>
                <span className="hidden items-center gap-2 sm:flex" title={user.email}>
                  <span className="font-medium">{user.name}</span>
                  <RoleBadge role={user.role} />
                </span>
                <SignOutButton />
              </>
            ) : null}
          </div>
        </div>
      </header>
      <div className="md:flex">
        <aside className="border-b border-slate-200 px-4 py-3 md:sticky md:top-14 md:h-[calc(100vh-3.5rem)] md:w-56 md:shrink-0 md:border-b-0 md:border-r md:px-3 md:py-6 dark:border-slate-800">
          <ConsoleNav items={navItemsFor(user?.role)} />
        </aside>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8 md:py-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
