/**
 * Explicit concurrency per inference device: each device (a CUDA GPU, or the CPU) runs at most
 * `perDevice` jobs at once; a job takes the least-busy device and waits when all are full.
 */

/** A pool of devices, each holding one resource (e.g. a text-to-image pipeline on that GPU). */
export interface DevicePool<R> {
  /** Run `fn` on a device with a free slot (waits for one). */
  use<T>(fn: (resource: R) => Promise<T>): Promise<T>;
  /** Jobs running on each device, in device order. */
  busy(): readonly number[];
  readonly resources: readonly R[];
}

/** Build a pool over `resources` with `perDevice` slots each. */
export function createDevicePool<R>({ resources, perDevice }: { resources: readonly R[]; perDevice: number }): DevicePool<R> {
  if (resources.length === 0) throw new Error("a device pool needs at least one device");
  if (!Number.isInteger(perDevice) || perDevice < 1) throw new Error(`perDevice must be a positive integer, got ${perDevice}`);
  const running = resources.map(() => 0);
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<number> => {
    for (;;) {
      let best = -1;
      for (let i = 0; i < running.length; i++) if (running[i]! < perDevice && (best < 0 || running[i]! < running[best]!)) best = i;
      if (best >= 0) {
        running[best]!++;
        return best;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const release = (i: number) => {
    running[i]!--;
    waiting.shift()?.();
  };
  return {
    resources,
    busy: () => [...running],
    async use(fn) {
      const i = await acquire();
      try {
        return await fn(resources[i]!);
      } finally {
        release(i);
      }
    },
  };
}
