import type { Metadata } from 'next';
import { getPageContext } from '@/lib/server/auth/page-context';
import { toApiTokenDto } from '@/lib/server/tokens/api-token-dto';
import { findApiTokens } from '@/lib/server/tokens/find-api-tokens';
import { TokenManager } from '@/components/tokens/token-manager';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const ctx = await getPageContext('/settings/tokens');
  const tokens = (await findApiTokens(ctx)).map(toApiTokenDto);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for the REST API and the command line. Send one as Authorization: Bearer <token>."
      />
      <TokenManager initialTokens={tokens} renderedAt={ctx.deps.now().getTime()} />
    </>
  );
}
