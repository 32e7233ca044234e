'use client';

import { useEffect, useState } from 'react';

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

/** Time since `from` (until `to`, once the run has ended), ticking every second while it runs. */
export function ElapsedTime({ from, to }: { from: string | null; to: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (to || !from) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [from, to]);
  if (!from) return <span>not started</span>;
  return <span>{formatElapsed((to ? Date.parse(to) : now) - Date.parse(from))}</span>;
}
