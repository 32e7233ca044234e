import { ButtonLink } from '@/components/ui/button';

export default function ConsoleNotFound() {
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-slate-700 dark:text-slate-300">
        There is no such page, or the environment or revision it refers to does not exist.
      </p>
      <ButtonLink href="/environments" variant="primary">
        Back to environments
      </ButtonLink>
    </div>
  );
}
