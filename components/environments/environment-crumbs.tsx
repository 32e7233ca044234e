import Link from 'next/link';

/** The breadcrumb above every environment page. */
export function EnvironmentCrumbs({ name, here }: { name: string; here?: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1.5">
        <li>
          <Link href="/environments" className="hover:underline">
            Environments
          </Link>
        </li>
        <li aria-hidden="true">/</li>
        <li>
          {here ? (
            <Link href={`/environments/${name}`} className="hover:underline">
              {name}
            </Link>
          ) : (
            <span aria-current="page">{name}</span>
          )}
        </li>
        {here ? (
          <>
            <li aria-hidden="true">/</li>
            <li aria-current="page">{here}</li>
          </>
        ) : null}
      </ol>
    </nav>
  );
}
