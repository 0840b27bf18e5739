/**
 * The kinds of option a command's table holds. Each kind knows how it is parsed (a flag or a
 * value), how help shows it, and how its text becomes a typed value or a reason it cannot:
 * value checks live here, once, not in each command.
 */

/** What node:util's parseArgs hands over for one option. */
export type RawValue = string | boolean | Array<string | boolean> | undefined;

export type Read<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

export interface OptionSpec<T> {
  /** The value's name in help (`<ms>`); absent for a flag. */
  readonly value?: string;
  readonly description: string;
  /** What help shows after the description: a default, a range, the choices. */
  readonly note?: string;
  /** May be given more than once (`--suite a --suite b`). */
  readonly multiple?: boolean;
  /** The text of the command line (undefined when absent) → the value the command gets. */
  readonly read: (raw: RawValue, flag: string) => Read<T>;
}

export type OptionTable = Readonly<Record<string, OptionSpec<unknown>>>;

/** The typed values a command's handler receives for its table. */
export type ValuesOf<O extends OptionTable> = {
  -readonly [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never;
};

const ok = <T>(value: T): Read<T> => ({ ok: true, value });

/** The last text given (parseArgs gives an array for a repeated option). */
function lastText(raw: RawValue): string | undefined {
  const last = Array.isArray(raw) ? raw.at(-1) : raw;
  return typeof last === 'string' ? last : undefined;
}

/** A switch: present or not. */
export function flag(description: string): OptionSpec<boolean> {
  return { description, read: (raw) => ok(raw === true) };
}

/** Free text; `fallback` when absent. */
export function text(value: string, description: string): OptionSpec<string | undefined>;
export function text(value: string, description: string, fallback: string): OptionSpec<string>;
export function text(value: string, description: string, fallback?: string): OptionSpec<string | undefined> {
  return {
    value,
    description,
    ...(fallback !== undefined ? { note: `default ${fallback}` } : {}),
    read: (raw) => ok(lastText(raw) ?? fallback),
  };
}

/** Text that may be given several times, each possibly a comma list: undefined when absent. */
export function texts(value: string, description: string): OptionSpec<string[] | undefined> {
  return {
    value,
    description,
    note: 'repeatable',
    multiple: true,
    read: (raw) => {
      const all = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      return ok(all.length ? all : undefined);
    },
  };
}

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** A whole number within `range`; `fallback` when absent. */
export function integer(
  value: string,
  description: string,
  range: Range,
  fallback: number,
): OptionSpec<number> {
  return {
    value,
    description,
    note: `${range.min}–${range.max}, default ${fallback}`,
    read: (raw, name) => {
      const given = lastText(raw);
      if (given === undefined) return ok(fallback);
      const number = Number(given);
      if (
        /^\s*\d+\s*$/.test(given) &&
        Number.isSafeInteger(number) &&
        number >= range.min &&
        number <= range.max
      )
        return ok(number);
      return {
        ok: false,
        message: `${name} must be a whole number from ${range.min} to ${range.max}, got "${given}"`,
      };
    },
  };
}

/** One of `choices`; `fallback` when absent. */
export function choice<C extends string>(
  value: string,
  description: string,
  choices: readonly C[],
  fallback: C,
): OptionSpec<C> {
  return {
    value,
    description,
    note: `${choices.join(' | ')}, default ${fallback}`,
    read: (raw, name) => {
      const given = lastText(raw);
      if (given === undefined) return ok(fallback);
      const found = choices.find((c) => c === given);
      return found !== undefined
        ? ok(found)
        : { ok: false, message: `${name} must be one of ${choices.join(', ')}, got "${given}"` };
    },
  };
}

/** Text in a form of its own (`parse` gives undefined when it is not); undefined when absent. */
export function parsed<T>(
  value: string,
  description: string,
  parse: (text: string) => T | undefined,
  expected: { message: string; hint?: string },
): OptionSpec<T | undefined> {
  return {
    value,
    description,
    read: (raw, name) => {
      const given = lastText(raw);
      if (given === undefined) return ok(undefined);
      const result = parse(given);
      return result !== undefined
        ? ok(result)
        : {
            ok: false,
            message: `${name} must be ${expected.message}, got "${given}"`,
            ...(expected.hint ? { hint: expected.hint } : {}),
          };
    },
  };
}
