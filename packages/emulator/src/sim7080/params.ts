/**
 * The FTP configuration commands of AT manual V1.05 §15.2.1–15.2.13 as data: range or length, default, and
 * the exact test-form text the manual prints. All are NO_SAVE (lost on reboot, VENDOR-FACTS A.1).
 */
import { intInRange, textArg, type AtArg } from '../common/at-parse.js';

/** A parameter value as stored. */
export type ParamValue = number | string;

/** How one configuration command validates and prints its value. */
export type ParamSpec = { test: string } & (
  | { kind: 'int'; min: number; max: number; initial: number }
  | { kind: 'choice'; values: readonly string[]; initial: string }
  | { kind: 'text'; maxLength: number; initial: string }
);

/**
 * Defaults: FTPPORT 21 is stated; FTPMODE 1, FTPTYPE "I", FTPPUTOPT "STOR" and FTPCID 1 are what the manual's
 * read examples print on a fresh module.
 */
export const PARAMS = {
  '+FTPPORT': { kind: 'int', min: 1, max: 65535, initial: 21, test: '(1-65535)' },
  '+FTPMODE': { kind: 'int', min: 0, max: 1, initial: 1, test: '(0,1)' },
  // The manual's test example prints "+FTPPORT: ("A","I")", a typo (VENDOR-FACTS A.3); we print +FTPTYPE.
  '+FTPTYPE': { kind: 'choice', values: ['A', 'I'], initial: 'I', test: '("A","I")' },
  '+FTPPUTOPT': { kind: 'choice', values: ['APPE', 'STOU', 'STOR'], initial: 'STOR', test: '("APPE","STOU","STOR")' },
  '+FTPCID': { kind: 'int', min: 0, max: 3, initial: 1, test: '(0-3)' },
  '+FTPREST': { kind: 'int', min: 0, max: 4294967295, initial: 0, test: '(0-4294967295)' },
  '+FTPSERV': { kind: 'text', maxLength: 49, initial: '', test: '(0-49)' },
  '+FTPUN': { kind: 'text', maxLength: 49, initial: '', test: '49' },
  '+FTPPW': { kind: 'text', maxLength: 49, initial: '', test: '49' },
  '+FTPGETNAME': { kind: 'text', maxLength: 64, initial: '', test: '64' },
  '+FTPGETPATH': { kind: 'text', maxLength: 255, initial: '', test: '255' },
  '+FTPPUTNAME': { kind: 'text', maxLength: 64, initial: '', test: '64' },
  '+FTPPUTPATH': { kind: 'text', maxLength: 255, initial: '', test: '255' },
} as const satisfies Record<string, ParamSpec>;

/** Name of a configuration command. */
export type ParamName = keyof typeof PARAMS;

/** Current values of every configuration command. */
export type ParamValues = { -readonly [K in ParamName]: (typeof PARAMS)[K]['initial'] extends number ? number : string };

/** A fresh module's values. */
export function initialParams(): ParamValues {
  const values = {} as Record<string, ParamValue>;
  for (const [name, spec] of Object.entries(PARAMS)) values[name] = spec.initial;
  return values as ParamValues;
}

/** True when `name` is one of the configuration commands. */
export function isParamName(name: string): name is ParamName {
  return Object.hasOwn(PARAMS, name);
}

/** Validates a write-form argument list; undefined when out of range or malformed. */
export function parseParam(name: ParamName, args: ReadonlyArray<AtArg | undefined>): ParamValue | undefined {
  const spec: ParamSpec = PARAMS[name];
  if (args.length !== 1) return undefined;
  const arg = args[0];
  if (spec.kind === 'int') return intInRange(arg, spec.min, spec.max);
  if (spec.kind === 'choice') {
    const text = arg?.text.toUpperCase();
    return text !== undefined && spec.values.includes(text) ? text : undefined;
  }
  // Control characters could never be typed into a real module's parser either.
  const text = textArg(arg, spec.maxLength);
  return text !== undefined && !/[\x00-\x1f"]/.test(text) ? text : undefined;
}

/** The read-form value text: numbers bare, strings quoted (manual examples). */
export function formatParam(name: ParamName, value: ParamValue): string {
  return PARAMS[name].kind === 'int' ? String(value) : `"${value}"`;
}
