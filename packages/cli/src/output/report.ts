import { FtpError } from '@cellftp/core';
import { CliError, type ExitCode } from '../exit-codes.js';
import type { Console } from './streams.js';

/**
 * Prints a command's result: JSON on stdout with `--json` (one document, for
 * scripts), otherwise the human text.
 */
export function printResult(con: Console, json: boolean, command: string, result: Record<string, unknown>, human: () => string): void {
  if (json) con.out(JSON.stringify({ ok: true, command, ...result }));
  else {
    const text = human();
    if (text) con.out(text);
  }
}

/**
 * Prints a failure: a one-line message on stderr always, and with `--json`
 * also the error document on stdout so a script reading stdout sees it.
 */
export function printError(con: Console, json: boolean, command: string, error: unknown, exitCode: ExitCode): void {
  con.err(`cellftp ${command}: ${errorLine(error)}`);
  if (json) con.out(JSON.stringify({ ok: false, command, exitCode, error: describe(error) }));
}

/**
 * `CODE: message (vendor code N, server reply M)`, each number said once: a
 * driver's message that already names it (`… (625, server replied 530)`) is
 * not followed by the same numbers again.
 */
export function errorLine(error: unknown): string {
  const detail = describe(error);
  const mentions = (n: number): boolean => new RegExp(`(^|\\D)${n}(\\D|$)`).test(detail.message);
  const extra = [
    detail.vendorCode !== undefined && !mentions(detail.vendorCode) ? `vendor code ${detail.vendorCode}` : '',
    detail.serverReply !== undefined && !mentions(detail.serverReply) ? `server reply ${detail.serverReply}` : '',
  ].filter(Boolean);
  return `${detail.code}: ${detail.message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

interface ErrorDetail {
  code: string;
  message: string;
  vendorCode?: number;
  serverReply?: number;
  atCommand?: string;
}

function describe(error: unknown): ErrorDetail {
  if (error instanceof FtpError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.vendorCode !== undefined ? { vendorCode: error.vendorCode } : {}),
      ...(error.serverReply !== undefined ? { serverReply: error.serverReply } : {}),
      ...(error.command !== undefined ? { atCommand: error.command } : {}),
    };
  }
  if (error instanceof CliError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
