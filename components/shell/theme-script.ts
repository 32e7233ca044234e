// Runs inline in <head> before first paint (allowed by the request's CSP nonce, see app/layout.tsx): an explicit choice in localStorage wins, otherwise the
// operating system's preference. Keeps the page from flashing the wrong theme.
export const themeStorageKey = 'personapass-theme';

export const themeScript = `(function(){try{var t=localStorage.getItem('${themeStorageKey}');var d=t?t==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}})()`;
