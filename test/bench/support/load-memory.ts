/** One sample of this process's memory. */
export interface MemorySample {
  atMs: number;
  rssMb: number;
  heapUsedMb: number;
}

const MB = 2 ** 20;

/** Samples RSS and heap every `intervalMs` until `stop()`, which returns the samples. */
export function sampleMemory(intervalMs: number): { stop(): MemorySample[] } {
  const samples: MemorySample[] = [];
  const take = () => {
    const usage = process.memoryUsage();
    samples.push({ atMs: Date.now(), rssMb: usage.rss / MB, heapUsedMb: usage.heapUsed / MB });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** The value at `fraction` of an ascending list (0 when empty). */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}
