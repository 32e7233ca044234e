import NextAuth from 'next-auth';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';

// next-auth's own endpoints (sign-in redirect, OIDC callback, session, sign-out).
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(buildAuthOptions())(request, { params: await context.params });
}

export { handler as GET, handler as POST };
