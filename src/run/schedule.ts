/**
 * Scheduling of suites: which suites a CI shard runs (`--shard i/n`), and running suites a few at
 * a time (`--workers n`) while each suite's own requests stay in order. Pure except `runPool`.
 */

/** A shard as typed on the command line: `--shard 2/4` → `{ index: 2, count: 4 }` (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); undefined when it is not that. */
/** More shards than this is a typo, not a CI matrix. */
export const MAX_SHARDS = 1000;

export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (
    !Number.isSafeInteger(index) ||
    !Number.isSafeInteger(count) ||
    count < 1 ||
    count > MAX_SHARDS ||
    index < 1 ||
    index > count
  )
    return undefined;
  return { index, count };
}

/** What sharding needs to know of a suite. */
export interface Shardable {
  name: string;
  /** Relative cost; the number of requests. */
  weight: number;
}

/**
 * Assigns every suite to exactly one of `count` shards, balancing total weight (longest first, each
 * to the lightest shard; ties by name, then shard number). The assignment depends only on the set
 * of names and weights, never on the order suites were loaded in, so every job of a CI matrix
 * computes the same split from the same commit. Returns shard number (1-based) by suite name.
 */
export function assignShards(suites: readonly Shardable[], count: number): Map<string, number> {
  const sorted = [...suites].sort(
    (a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const load = new Array<number>(count).fill(0);
  const assignment = new Map<string, number>();
  for (const suite of sorted) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if ((load[i] ?? 0) < (load[lightest] ?? 0)) lightest = i;
    load[lightest] = (load[lightest] ?? 0) + Math.max(1, suite.weight);
    assignment.set(suite.name, lightest + 1);
  }
  return assignment;
}

/** The suites of one shard, in their original order. */
export function selectShard<T extends Shardable>(suites: readonly T[], shard: Shard): T[] {
  const assignment = assignShards(suites, shard.count);
  return suites.filter((s) => assignment.get(s.name) === shard.index);
}

/**
 * Runs `task` over `items` with at most `workers` running at once, starting them in order.
 * Results come back in the order of `items`, whatever order they finished in. The first error
 * rejects the whole pool once the running tasks have settled (no task is left dangling).
 */
export async function runPool<T, R>(
  items: readonly T[],
  workers: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(workers, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
  return results;
}

/** What environment filtering needs of a suite (`environments` absent = every environment). */
interface EnvScoped<R> {
  name: string;
  environments?: string[];
  requests: Array<R & { environments?: string[] }>;
}

/**
 * The suites and requests that run in `environment`: those naming other environments only
 * (`environments: [mock]` for cases only the mock can stage) are left out. A suite left with no
 * request is left out too. Returns the names of the suites left out.
 */
export function selectForEnvironment<R, S extends EnvScoped<R>>(
  suites: readonly S[],
  environment: string,
): { suites: S[]; skipped: string[] } {
  const runsHere = (envs: string[] | undefined): boolean => !envs || envs.includes(environment);
  const kept: S[] = [];
  const skipped: string[] = [];
  for (const suite of suites) {
    const requests = runsHere(suite.environments)
      ? suite.requests.filter((r) => runsHere(r.environments))
      : [];
    if (requests.length === 0) skipped.push(suite.name);
    else kept.push(requests.length === suite.requests.length ? suite : { ...suite, requests });
  }
  return { suites: kept, skipped };
}
