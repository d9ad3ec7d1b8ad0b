/** One `npm run bench` section: a module exports one, and bench/index.ts lists it. */
export interface BenchSection {
  name: string;
  /** Prints its own tables (bench/util.ts printTable); must keep total bench time modest. */
  run(): Promise<void>;
}
