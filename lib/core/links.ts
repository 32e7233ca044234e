/**
 * A link to `path` under a tool's base URL, which may itself have a path
 * (https://ops.example.com/jaeger): the base's path is kept, its query and fragment are not.
 */
export function linkUnder(baseUrl: string, path: string, query?: Record<string, string>): string {
  const base = new URL(baseUrl);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  const url = new URL(path, base);
  if (query) url.search = new URLSearchParams(query).toString();
  return url.toString();
}
