import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/providers';
import { themeScript } from '@/components/shell/theme-script';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PersonaPass Platform Console', template: '%s · PersonaPass Console' },
  description: 'Deploy and operate the PersonaPass identity platform on Kubernetes.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script changes the class before hydration; React must accept the DOM's version.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
