'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { themeStorageKey } from './theme-script';

// The <html> class is the source of truth (set by the inline script); this component observes it.
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const followSystem = () => {
    if (localStorage.getItem(themeStorageKey) === null) document.documentElement.classList.toggle('dark', media.matches);
  };
  media.addEventListener('change', followSystem);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', followSystem);
  };
}

const isDark = () => document.documentElement.classList.contains('dark');

export function ThemeToggle() {
  // The server cannot know the theme; null renders a neutral button until hydration.
  const dark = useSyncExternalStore(subscribe, isDark, () => null);
  const toggle = useCallback(() => {
    const next = !isDark();
    document.documentElement.classList.toggle('dark', next);
    try {
      localStorage.setItem(themeStorageKey, next ? 'dark' : 'light');
    } catch {
      // Private browsing can refuse storage; the choice then lasts for this page only.
    }
  }, []);
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark ?? undefined}
      className="inline-flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
      <span>Dark theme</span>
    </button>
  );
}
