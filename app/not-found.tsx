import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
      <Link href="/environments" className="font-medium text-sky-700 underline dark:text-sky-400">
        Go to environments
      </Link>
    </main>
  );
}
