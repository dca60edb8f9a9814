import { RESTART_LOSSES, type AtEngine, type BusyRule, type FtpError, type LossRule, type OperationRunner, type VendorRules } from '@cellftp/core';
import { BUSY_CODES, CFTPS_CODES, LOGIN_GONE } from './codes.js';
import { commands, LOGGED_IN } from './commands.js';

/**
 * What ends an `AT+CFTPS*` session besides a restart (digest §9): the server
 * closing the control connection (a new login is needed) and, on A76xx, the
 * network going (a new `AT+CFTPSSTART` too; the open flow does both).
 */
export const CFTPS_LOSSES: readonly LossRule[] = [
  ...RESTART_LOSSES,
  // A76xx board logs start with *ATREADY: 1 instead of RDY (no manual prints a boot sequence).
  { match: /^\*ATREADY:\s*1/, code: 'MODEM', reason: 'the module restarted (*ATREADY: 1)', restart: true },
  // 3GPP TS 27.007 §10.1.19: the network (or the module) deactivated the data context.
  {
    match: /^\+CGEV:\s*(?:NW|ME) PDN DEACT\s*(\d+)/,
    code: 'NETWORK',
    reason: (m) => `PDP context ${m[1]} was deactivated (+CGEV: NW PDN DEACT ${m[1]})`,
    context: (m) => Number(m[1]),
  },
  { match: /^\+CFTPSNOTIFY:\s*PEER CLOSED/, code: 'NETWORK', reason: 'the server closed the control connection (+CFTPSNOTIFY: PEER CLOSED)' },
  { match: /^\+CFTPSNOTIFY:\s*FTPS DISCONNECT/, code: 'NETWORK', reason: 'the network connection of the FTP service was lost (+CFTPSNOTIFY: FTPS DISCONNECT)' },
];

export const CFTPS_TIMINGS = {
  /** Configuration and state queries the module answers at once (SIMCom's tool waits 5 s for START). */
  localMs: 5000,
  /** Bytes per read of the upload source; escaped and written as they come. */
  streamChunkBytes: 16 * 1024,
  /** The prompted block's documented maximum (`<data_len>` 1–2048). */
  blockBytes: 2048,
  /** `AT+CCERTDOWN` takes at most 3072 bytes per write burst and 10240 in all (A-MAN §19.2.2). */
  certBurstBytes: 3072,
  certMaxBytes: 10240,
  /** Pause between cache polls while the module has nothing buffered yet. */
  cachePollMs: 20,
} as const;

/**
 * Busy (3) is retried after a back-off, as SIMCom's tool does (five tries).
 * `AT+CFTPSLOGIN?` (A-MAN, added 2021-08) says whether the login survived;
 * a firmware without the read form is taken as still logged in.
 */
function busyRule(budgetMs: number): BusyRule {
  return {
    codes: BUSY_CODES,
    async state(runner, signal) {
      runner.lastStateCommand = commands.loginQuery;
      const answer = await runner.engine
        .run({ text: commands.loginQuery, claims: ['+CFTPSLOGIN:'], timeoutMs: CFTPS_TIMINGS.localMs }, signal ? { signal } : {})
        .catch(() => undefined);
      if (!answer) return 'idle';
      return answer.lines.some((line) => LOGGED_IN.test(line)) || answer.lines.length === 0 ? 'idle' : 'closed';
    },
    budgetMs,
    backoffMs: (attempt) => Math.min(100 * 2 ** attempt, 1000),
    pollMs: () => 200,
    retryWhenIdle: true,
    maxAttempts: 5,
    checkAfterInterrupt: false,
  };
}

/**
 * `+CFTPSERRORBUF: <text>` (A76xx): the server's own words about a failure,
 * the only place its reply reaches the host (digest §9, §10). The latest one
 * is kept briefly and added to the next failure's message.
 */
export class ServerText {
  #line: { text: string; at: number } | undefined;

  constructor(private readonly engine: AtEngine) {
    engine.urc$.subscribe((line) => {
      const m = /^\+CFTPSERRORBUF:\s*"?(.*?)"?\s*$/.exec(line);
      if (m) this.#line = { text: m[1] ?? '', at: engine.scheduler.now() };
    });
  }

  /** The text seen within `withinMs`, once. */
  take(withinMs: number): string | undefined {
    const line = this.#line;
    this.#line = undefined;
    return line && this.engine.scheduler.now() - line.at <= withinMs ? line.text : undefined;
  }
}

export function cftpsRules(budgetMs: number, serverText?: ServerText): VendorRules {
  /** 4 and 421 say the login is gone (A-MAN §17.3.1 note: logout, then log in again). */
  async function afterFailure(error: FtpError, runner: OperationRunner): Promise<void> {
    const said = serverText?.take(runner.timeoutMs);
    if (said) error.message += ` (server said: ${said})`;
    if (error.vendorCode !== undefined && LOGIN_GONE.has(error.vendorCode)) {
      runner.session.markClosed(`the server ended the login (SIMCom ${error.vendorCode}); open a new session`);
    }
  }
  return { codes: CFTPS_CODES, busy: busyRule(budgetMs), afterFailure };
}
