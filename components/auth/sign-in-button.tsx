'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '../ui/button';

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="primary"
      className="w-full py-2.5"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('oidc', { callbackUrl });
      }}
    >
      {pending ? 'Redirecting to PersonaPass SSO…' : 'Sign in with PersonaPass SSO'}
    </Button>
  );
}
