/**
 * How many parts of a multi-part push were already delivered, per push. A retry after a failure
 * in the middle continues where it stopped instead of repeating the first parts. Bounded: the
 * oldest entries go first, so pushes that never finish cannot grow it without limit.
 */
export interface PartProgress {
  get(key: string): number;
  remember(key: string, parts: number): void;
  done(key: string): void;
}

export function createPartProgress(max = 1000): PartProgress {
  const delivered = new Map<string, number>();
  return {
    get: (key) => delivered.get(key) ?? 0,
    remember(key, parts) {
      delivered.delete(key);
      delivered.set(key, parts);
      if (delivered.size > max) delivered.delete(delivered.keys().next().value as string);
    },
    done: (key) => void delivered.delete(key),
  };
}
