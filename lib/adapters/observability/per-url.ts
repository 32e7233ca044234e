/** One value per base URL, made on first use and kept (a source with its own concurrency slots). */
export function perUrl<T>(make: (url: string) => T): (url: string) => T {
  const made = new Map<string, T>();
  return (url) => {
    let value = made.get(url);
    if (value === undefined) {
      value = make(url);
      made.set(url, value);
    }
    return value;
  };
}
