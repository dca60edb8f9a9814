import { z } from 'zod';
import { AtCommandError } from '../errors/engine-errors.js';
import { FtpError } from '../errors/ftp-error.js';
import { validate } from '../validate/validate.js';

/**
 * A vendor's transfer strategies for one direction, as data: the names in
 * the order they are tried (the measured fastest first), validated and
 * reported the same way for every vendor.
 */
export interface StrategyTable<S extends string> {
  /** Every strategy, default first. */
  readonly names: readonly S[];
  readonly default: S;
  /** zod schema of a user's choice. */
  readonly schema: z.ZodType<S | undefined>;
  /**
   * The strategies a session tries, in order: the user's choice (or the
   * default) first, then the others in table order as fallbacks. This is
   * what `capabilities.downloadStrategies` / `uploadStrategies` report.
   *
   * @throws FtpError INVALID_ARGUMENT for a name not in the table.
   */
  order(chosen: string | undefined, option: string): readonly S[];
}

/**
 * Declares a strategy table.
 *
 * @example
 * const downloads = strategyTable(['com', 'ufs', 'ram'] as const);
 * downloads.order(undefined, 'downloadStrategy'); // ['com', 'ufs', 'ram']
 * downloads.order('ram', 'downloadStrategy');     // ['ram', 'com', 'ufs']
 */
export function strategyTable<const S extends string>(names: readonly [S, ...S[]]): StrategyTable<S> {
  const schema = z.enum(names as unknown as [S, ...S[]]).optional() as unknown as z.ZodType<S | undefined>;
  return {
    names,
    default: names[0],
    schema,
    order(chosen, option) {
      if (chosen !== undefined && !(names as readonly string[]).includes(chosen)) {
        throw new FtpError('INVALID_ARGUMENT', `invalid FTP options: ${option} must be one of ${names.join(', ')}`);
      }
      const first = validate(schema, chosen, 'FTP options') ?? names[0];
      return [first, ...names.filter((n) => n !== first)];
    },
  };
}

/**
 * The strategy that worked last on one modem, per direction, so a firmware
 * that refuses the default pays the refusal once, not on every transfer
 * (basic-ftp's "first compatible transfer mode", remembered).
 */
export class StrategyMemory<S extends string> {
  #winner: S | undefined;
  readonly #refused = new Set<S>();

  get winner(): S | undefined {
    return this.#winner;
  }

  /** Strategies the firmware refused as unsupported. */
  refused(strategy: S): boolean {
    return this.#refused.has(strategy);
  }

  /**
   * `order` with refused strategies left out. The caller's order is kept
   * otherwise: after a refusal the winner is first anyway, and putting it
   * before a strategy the user chose explicitly would override that choice.
   */
  arrange(order: readonly S[]): S[] {
    return order.filter((s) => !this.#refused.has(s));
  }

  remember(strategy: S): void {
    this.#winner = strategy;
  }

  refuse(strategy: S): void {
    this.#refused.add(strategy);
    if (this.#winner === strategy) this.#winner = undefined;
  }
}

/** Options of {@link runStrategies}. */
export interface RunStrategiesOptions<S extends string> {
  readonly order: readonly S[];
  readonly memory: StrategyMemory<S>;
  /** True when `error` means the firmware does not have the strategy's command. Default {@link refusedAsUnsupported}. */
  readonly unsupported?: (error: unknown) => boolean;
  /** What the alternatives are, for the error when all are refused; default `'transfer strategy'` (e.g. `'spelling of AT+QFTPRENAME'`). */
  readonly what?: string;
}

/**
 * Runs the first strategy the firmware accepts. When one fails because the
 * firmware refuses its command as unsupported, before any byte moved, the
 * next one in `order` is tried and the refusal remembered for this modem;
 * the one that works is remembered too. Any other failure is the transfer's.
 *
 * @example
 * const bytes = await runStrategies({ order, memory }, (strategy, attempt) => flows[strategy](...), () => counted.bytes);
 */
export async function runStrategies<S extends string, T>(
  options: RunStrategiesOptions<S>,
  attempt: (strategy: S) => Promise<T>,
  moved: () => number,
): Promise<T> {
  const unsupported = options.unsupported ?? refusedAsUnsupported;
  const order = options.memory.arrange(options.order);
  const what = options.what ?? 'transfer strategy';
  if (order.length === 0) {
    throw new FtpError('UNSUPPORTED', `the module refused every ${what} (${options.order.join(', ')})`);
  }
  let lastError: unknown;
  for (const strategy of order) {
    const before = moved();
    try {
      const result = await attempt(strategy);
      options.memory.remember(strategy);
      return result;
    } catch (error) {
      if (!unsupported(error) || moved() !== before) throw error;
      options.memory.refuse(strategy);
      lastError = error;
    }
  }
  throw new FtpError('UNSUPPORTED', `the module refused every ${what} (${order.join(', ')})`, { cause: lastError });
}

/**
 * The firmware does not know a command: a bare `ERROR` (V.250), `+CME ERROR:
 * 4` / "operation not supported", or an error the driver already called
 * UNSUPPORTED.
 */
export function refusedAsUnsupported(error: unknown): boolean {
  if (error instanceof AtCommandError) {
    return error.final === 'ERROR' || error.cmeError === 4 || /not supported/i.test(error.cmeText ?? '');
  }
  return error instanceof FtpError && error.code === 'UNSUPPORTED';
}
