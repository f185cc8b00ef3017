import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

let collect: (() => void) | undefined;

/**
 * The heap still in use after a full garbage collection (V8's `gc`, exposed at run time): what a
 * leak grows, without the noise of garbage not yet collected.
 */
export function liveHeapMb(): number {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return process.memoryUsage().heapUsed / MB;
}
