import type { FtpErrorCode } from '@cellftp/core';
import type { ReplyProxy } from '../support/reply-proxy.js';
import type { Dialect, VendorRig } from '../support/vendor-rig.js';

/** Where in a session a fault strikes. */
export type Direction = 'open' | 'download' | 'upload' | 'cd';

/** What a fault must produce on one vendor. */
export interface Expected {
  /** The neutral code; a list where the module's own report legitimately varies with timing. */
  code: FtpErrorCode | readonly FtpErrorCode[];
  vendorCode?: number | readonly number[];
  serverReply?: number;
}

/** How the session must be brought back after the fault, worst first. */
export type Recovery = 'usable' | 'reopen' | 'reconnect' | 'power-cycle';

/** Everything a case may touch while armed. */
export interface ArmContext {
  rig: VendorRig;
  proxy: ReplyProxy;
  direction: Direction;
}

export interface MatrixCase {
  id: string;
  /** Human wording for the report. */
  fault: string;
  directions: readonly Direction[];
  arm(ctx: ArmContext): void;
  expect: Record<Dialect, Partial<Record<Direction, Expected>>>;
  /** The most the user must do before the retry (the test checks it is enough, and that `usable` really is). */
  recovery?: Partial<Record<Dialect, Recovery>>;
  /** Open the session with these extra options (e.g. a wrong password). */
  openWith?: { password?: string; host?: string };
}

const same = (e: Partial<Record<Direction, Expected>>): Record<Dialect, Partial<Record<Direction, Expected>>> => ({ quectel: e, simcom: e, 'simcom-cftps': e, ublox: e });

/** The verbs a direction's data transfer starts with, at the FTP server. */
const TRANSFER_VERBS: Record<Direction, readonly string[]> = {
  download: ['RETR'],
  upload: ['STOR', 'APPE'],
  open: [],
  cd: ['CWD'],
};

/** A server reply injected on the transfer command (via the control proxy). */
function reply(code: number, text: string, directions: readonly Direction[], quectel: Expected, simcom: Partial<Record<Direction, Expected>>, cftps: Expected, close = false, ublox: Expected = { code: UBLOX_REPLY[code] ?? 'SERVER', vendorCode: code, serverReply: code }): MatrixCase {
  const qe: Partial<Record<Direction, Expected>> = {};
  const ce: Partial<Record<Direction, Expected>> = {};
  const ue: Partial<Record<Direction, Expected>> = {};
  for (const d of directions) qe[d] = quectel;
  for (const d of directions) ce[d] = cftps;
  for (const d of directions) ue[d] = ublox;
  return {
    id: `reply-${code}`,
    fault: `server answers ${code} (${text})`,
    directions,
    arm: ({ proxy, direction }) => void proxy.rules.push({ verbs: TRANSFER_VERBS[direction], reply: `${code} ${text}`, closeAfterReply: close }),
    expect: { quectel: qe, simcom, 'simcom-cftps': ce, ublox: ue },
  };
}

/** u-blox passes the server's reply through as `+UFTPER: 1,<reply>` (R4-MAN App. A.6.1): the neutral code of that reply. */
const UBLOX_REPLY: Record<number, FtpErrorCode> = { 421: 'NETWORK', 425: 'DATA_CONNECTION', 426: 'DATA_CONNECTION', 550: 'NOT_FOUND' };

/** The vendor-specific command that carries a transfer's payload (the Nth one when a flow sends several). */
const TRANSFER_COMMAND: Record<Dialect, Record<'download' | 'upload', { pattern: RegExp; nth: number }>> = {
  quectel: { download: { pattern: /^AT\+QFTPGET=/, nth: 2 }, upload: { pattern: /^AT\+QFTPPUT=/, nth: 2 } },
  simcom: { download: { pattern: /^AT\+FTPETGET=1/, nth: 1 }, upload: { pattern: /^AT\+FTPETPUT=2/, nth: 1 } },
  'simcom-cftps': { download: { pattern: /^AT\+CFTPSGET=/, nth: 1 }, upload: { pattern: /^AT\+CFTPSPUT=/, nth: 1 } },
  // Downloads: the LIST that gives the size (the module has no SIZE) — the virtual SARA runs a transfer to
  // its end before a fault armed on its own command strikes. Uploads: the store from flash (5, direct link 7).
  ublox: { download: { pattern: /^AT\+UFTPC=13,/, nth: 1 }, upload: { pattern: /^AT\+UFTPC=[57],/, nth: 1 } },
};

function armOnTransfer(ctx: ArmContext, then: (count: number) => void): void {
  const at = TRANSFER_COMMAND[ctx.rig.dialect][ctx.direction as 'download' | 'upload'];
  ctx.rig.armOn(at.pattern, then, at.nth);
}

const DL_UL: readonly Direction[] = ['download', 'upload'];

export const MATRIX: readonly MatrixCase[] = [
  {
    id: 'data-cut',
    fault: 'server closes the data connection after 3000 bytes',
    directions: DL_UL,
    arm: ({ rig }) => void (rig.vm.faults.closeDataAfterBytes = 3000),
    expect: {
      // Bytes had passed, so this is a transfer that broke (607 / 79 / 78), not one that never opened (615 / 75).
      quectel: { download: { code: 'DATA_CONNECTION', vendorCode: 607 }, upload: { code: 'DATA_CONNECTION', vendorCode: 607 } },
      simcom: { download: { code: 'DATA_CONNECTION', vendorCode: 79 }, upload: { code: 'DATA_CONNECTION', vendorCode: 78 } },
      'simcom-cftps': { download: { code: 'DATA_CONNECTION', vendorCode: 6 }, upload: { code: 'DATA_CONNECTION', vendorCode: 6 } },
      ublox: { download: { code: 'DATA_CONNECTION' }, upload: { code: 'DATA_CONNECTION' } },
    },
  },
  {
    id: 'control-close',
    fault: 'server closes the control connection when the transfer starts',
    directions: DL_UL,
    arm: ({ proxy, direction }) => void proxy.rules.push({ verbs: TRANSFER_VERBS[direction], hangUp: true }),
    expect: {
      quectel: { download: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [606, 607, 616] }, upload: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [606, 607, 616] } },
      simcom: { download: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [61, 63, 75, 79] }, upload: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [61, 63, 75, 78] } },
      'simcom-cftps': { download: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [4, 6, 14] }, upload: { code: ['NETWORK', 'DATA_CONNECTION'], vendorCode: [4, 6, 14] } },
      ublox: { download: { code: ['NETWORK', 'DATA_CONNECTION'] }, upload: { code: ['NETWORK', 'DATA_CONNECTION'] } },
    },
  },
  {
    id: 'data-refused',
    fault: 'data connection refused (Quectel 615 then the 603 trap)',
    directions: DL_UL,
    arm: ({ rig }) => void (rig.vm.faults.refuseDataConnection = true),
    expect: {
      quectel: { download: { code: 'DATA_CONNECTION', vendorCode: 615 }, upload: { code: 'DATA_CONNECTION', vendorCode: 615 } },
      simcom: { download: { code: 'DATA_CONNECTION', vendorCode: 75 }, upload: { code: 'DATA_CONNECTION', vendorCode: 75 } },
      'simcom-cftps': { download: { code: 'DATA_CONNECTION', vendorCode: 14 }, upload: { code: 'DATA_CONNECTION', vendorCode: 14 } },
      ublox: { download: { code: 'DATA_CONNECTION', vendorCode: 42 }, upload: { code: 'DATA_CONNECTION', vendorCode: 42 } },
    },
  },
  reply(421, 'Service not available, closing control connection', DL_UL, { code: 'SERVER', vendorCode: 614, serverReply: 421 }, {
    download: { code: 'SERVER', vendorCode: 77 },
    upload: { code: 'SERVER', vendorCode: 77 },
  }, { code: 'NETWORK', vendorCode: 421 }, true),
  // u-blox reports its own 42 "cannot open FTP data channel" for a 425.
  reply(425, "Can't open data connection", DL_UL, { code: 'DATA_CONNECTION', vendorCode: 615, serverReply: 425 }, {
    download: { code: 'DATA_CONNECTION', vendorCode: 75 },
    upload: { code: 'DATA_CONNECTION', vendorCode: 75 },
  }, { code: 'DATA_CONNECTION', vendorCode: 14 }, false, { code: 'DATA_CONNECTION', vendorCode: 42 }),
  reply(426, 'Connection closed; transfer aborted', DL_UL, { code: 'DATA_CONNECTION', vendorCode: 616, serverReply: 426 }, {
    download: { code: 'DATA_CONNECTION', vendorCode: 79 },
    upload: { code: 'DATA_CONNECTION', vendorCode: 78 },
  }, { code: 'DATA_CONNECTION', vendorCode: 6 }),
  reply(450, 'Requested file action not taken', DL_UL, { code: 'SERVER', vendorCode: 617, serverReply: 450 }, {
    download: { code: 'SERVER', vendorCode: 77 },
    upload: { code: 'SERVER', vendorCode: 77 },
  }, { code: 'SERVER', vendorCode: [9, 17] }),
  reply(451, 'Requested action aborted: local error', DL_UL, { code: 'SERVER', vendorCode: 618, serverReply: 451 }, {
    download: { code: 'SERVER', vendorCode: 77 },
    upload: { code: 'SERVER', vendorCode: 77 },
  }, { code: 'SERVER', vendorCode: [9, 17] }),
  reply(452, 'Insufficient storage space', ['upload'], { code: 'SERVER', vendorCode: 619, serverReply: 452 }, { upload: { code: 'SERVER', vendorCode: 77 } }, { code: 'SERVER', vendorCode: [9, 17] }),
  // SIMCom reports no server reply: a 550 for a file that exists is told from a missing one by SIZE.
  // u-blox: 35 "file unavailable" on RETR, the server's 550 passed through on STOR.
  reply(550, 'Requested action not taken', DL_UL, { code: 'NOT_FOUND', vendorCode: 627, serverReply: 550 }, {
    download: { code: 'SERVER', vendorCode: 77 },
    upload: { code: 'SERVER', vendorCode: 77 },
  }, { code: 'SERVER', vendorCode: [9, 17] }, false, { code: 'NOT_FOUND', vendorCode: [35, 550] }),
  reply(552, 'Exceeded storage allocation', ['upload'], { code: 'SERVER', vendorCode: 629, serverReply: 552 }, { upload: { code: 'SERVER', vendorCode: 77 } }, { code: 'SERVER', vendorCode: [9, 17] }),
  reply(553, 'File name not allowed', ['upload'], { code: 'SERVER', vendorCode: 630, serverReply: 553 }, { upload: { code: 'SERVER', vendorCode: 77 } }, { code: 'SERVER', vendorCode: [9, 17] }),
  {
    id: 'wrong-password',
    fault: 'wrong password',
    directions: ['open'],
    arm: () => undefined,
    openWith: { password: 'wrong-password-x' },
    expect: {
      quectel: { open: { code: 'AUTH_FAILED', vendorCode: 625, serverReply: 530 } },
      simcom: { open: { code: 'AUTH_FAILED', vendorCode: 72 } },
      'simcom-cftps': { open: { code: 'AUTH_FAILED', vendorCode: 9 } },
      ublox: { open: { code: 'AUTH_FAILED', vendorCode: [530, 34] } },
    },
  },
  {
    id: 'missing',
    fault: 'missing file (download) / missing directory (upload into it, cd)',
    directions: ['download', 'upload', 'cd'],
    arm: () => undefined,
    expect: {
      quectel: {
        download: { code: 'NOT_FOUND', vendorCode: 627, serverReply: 550 },
        upload: { code: 'NOT_FOUND', vendorCode: 627, serverReply: 550 },
        cd: { code: 'NOT_FOUND', vendorCode: 627, serverReply: 550 },
      },
      simcom: {
        download: { code: 'NOT_FOUND', vendorCode: 77 },
        upload: { code: 'NOT_FOUND', vendorCode: 77 },
        cd: { code: 'NOT_FOUND' },
      },
      'simcom-cftps': {
        download: { code: 'NOT_FOUND', vendorCode: [9, 17] },
        upload: { code: 'NOT_FOUND', vendorCode: [9, 17] },
        cd: { code: 'NOT_FOUND', vendorCode: [9, 17] },
      },
      ublox: { download: { code: 'NOT_FOUND' }, upload: { code: 'NOT_FOUND' }, cd: { code: 'NOT_FOUND' } },
    },
  },
  {
    id: 'dns',
    fault: 'DNS failure',
    directions: ['open'],
    arm: ({ rig }) => void (rig.vm.faults.dnsFailure = true),
    openWith: { host: 'ftp.invalid' },
    expect: { quectel: { open: { code: 'DNS', vendorCode: 604 } }, simcom: { open: { code: 'DNS', vendorCode: 62 } }, 'simcom-cftps': { open: { code: 'DNS', vendorCode: 12 } }, ublox: { open: { code: 'DNS' } } },
  },
  {
    id: 'pdp-loss',
    fault: 'PDP context lost mid-transfer (`+QIURC: "pdpdeact"` / `+APP PDP: 0,DEACTIVE`)',
    directions: DL_UL,
    arm: (ctx) => armOnTransfer(ctx, (n) => void (ctx.rig.vm.faults.pdpLossAfterCommands = n)),
    expect: same({ download: { code: 'NETWORK' }, upload: { code: 'NETWORK' } }),
    recovery: { quectel: 'reconnect', simcom: 'reconnect', 'simcom-cftps': 'reconnect', ublox: 'reconnect' },
  },
  {
    id: 'silent',
    fault: 'the modem goes silent (no response, no URC)',
    directions: DL_UL,
    arm: (ctx) => armOnTransfer(ctx, (n) => void (ctx.rig.vm.faults.silentAfterCommands = n - 1)),
    expect: same({ download: { code: 'TIMEOUT' }, upload: { code: 'TIMEOUT' } }),
    recovery: { quectel: 'power-cycle', simcom: 'power-cycle', 'simcom-cftps': 'power-cycle', ublox: 'power-cycle' },
  },
  {
    id: 'result-urc-lost',
    fault: 'the result URC never arrives',
    directions: DL_UL,
    arm: ({ rig, direction }) => {
      const prefixes = {
        quectel: { download: '+QFTPGET: 0', upload: '+QFTPPUT: 0' },
        simcom: { download: '+FTPETGET: 1,0', upload: '+FTPETPUT: 1,0' },
        'simcom-cftps': { download: '+CFTPSGET: 0', upload: '+CFTPSPUT: 0' },
        // The default strategies' actions: staging into flash (4), storing from flash (5).
        ublox: { download: '+UUFTPCR: 4,1', upload: '+UUFTPCR: 5,1' },
      };
      rig.vm.faults.dropUrc = { prefix: prefixes[rig.dialect][direction as 'download' | 'upload'] };
    },
    expect: same({ download: { code: 'TIMEOUT' }, upload: { code: 'TIMEOUT' } }),
  },
  {
    id: 'reboot',
    fault: 'the modem reboots mid-transfer (`RDY`)',
    directions: DL_UL,
    arm: (ctx) => armOnTransfer(ctx, (n) => void (ctx.rig.vm.faults.rebootAfterCommands = n)),
    expect: same({ download: { code: 'MODEM' }, upload: { code: 'MODEM' } }),
    // SIMCom: payload streamed after the restart reaches the module as command text and leaves stray ERRORs.
    recovery: { quectel: 'reconnect', simcom: 'power-cycle', 'simcom-cftps': 'reconnect', ublox: 'reconnect' },
  },
];
