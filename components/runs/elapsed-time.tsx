'use client';

import { useEffect, useState } from 'react';
import { formatElapsed } from './format-elapsed';

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
