import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'AssumeRole Doctor', template: '%s · AssumeRole Doctor' },
  description: 'Why did sts:AssumeRole fail, and what is the smallest fix?',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-[var(--border)] bg-[var(--card)]">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="font-semibold tracking-tight">
              AssumeRole Doctor
            </Link>
            <Link href="/" className="text-sm text-[var(--muted)] hover:text-[var(--fg)]">
              Incidents
            </Link>
            <Link href="/roles" className="text-sm text-[var(--muted)] hover:text-[var(--fg)]">
              Roles
            </Link>
            <Link href="/learn" className="text-sm text-[var(--muted)] hover:text-[var(--fg)]">
              Learn
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
