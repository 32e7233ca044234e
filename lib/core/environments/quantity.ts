// Kubernetes resource quantities, reduced to numbers to compare limits with requests and to bound them.

const cpuPattern = /^(\d+(\.\d+)?)(m?)$/;
const memoryPattern = /^(\d+)(Ki|Mi|Gi|Ti|K|M|G|T)?$/;

const memoryFactors: Record<string, number> = {
  '': 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

// Far above any node the platform runs on, yet finite: a typo such as "99999999999" is refused
// instead of reaching the scheduler as an unschedulable pod.
export const maxCpuMillis = 256_000; // 256 cores
export const maxMemoryBytes = 2 * 1024 ** 4; // 2Ti
// Longer strings cannot be a quantity within the bounds; refusing them early keeps parsing cheap.
export const maxQuantityLength = 32;

export function isCpuQuantity(value: string): boolean {
  return cpuPattern.test(value);
}

export function isMemoryQuantity(value: string): boolean {
  return memoryPattern.test(value);
}

/** CPU in millicores. */
export function cpuMillis(value: string): number {
  const match = cpuPattern.exec(value);
  if (!match) return Number.NaN;
  const amount = Number(match[1]);
  return match[3] === 'm' ? amount : amount * 1000;
}

export function memoryBytes(value: string): number {
  const match = memoryPattern.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * (memoryFactors[match[2] ?? ''] ?? Number.NaN);
}
