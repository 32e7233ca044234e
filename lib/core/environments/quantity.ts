// Kubernetes resource quantities, reduced to numbers only to compare limits with requests.

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
