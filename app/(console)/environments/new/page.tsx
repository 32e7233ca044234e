import type { Metadata } from 'next';
import Link from 'next/link';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getPageContext } from '@/lib/server/auth/page-context';
import { SpecForm } from '@/components/environments/spec-form';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'New environment' };

export default async function NewEnvironmentPage() {
  const { actor } = await getPageContext('/environments/new');
  // Start from the platform's own development figures with an empty name for the user to choose.
  const initialSpec = { ...starterSpec('', 'development'), namespace: '' };
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/environments" className="hover:underline">Environments</Link>}
        title="New environment"
        description="Starts from the platform's development defaults. Everything is validated as you type."
      />
      <SpecForm mode="create" actor={actor} initialSpec={initialSpec} />
    </>
  );
}
