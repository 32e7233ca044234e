import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/providers';
import { themeScript } from '@/components/shell/theme-script';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PersonaPass Platform Console', template: '%s · PersonaPass Console' },
  description: 'Deploy and operate the PersonaPass identity platform on Kubernetes.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The nonce proxy.ts allowed in this request's Content-Security-Policy. Reading request headers
  // also renders every page per request, as nonces need: a page built ahead of time would carry
  // scripts without one.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The theme script changes the class before hydration; React must accept the DOM's version.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
