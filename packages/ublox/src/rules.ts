import { RESTART_LOSSES, type LossRule } from '@cellftp/core';

/**
 * What ends a u-blox FTP session besides a restart: the PSD profile or the
 * context going down (3GPP TS 27.007 §10.1.19 `+CGEV`; `+UUPSDD: 0` is the
 * profile's deactivation URC [I], IADG §2).
 */
export const UBLOX_LOSSES: readonly LossRule[] = [
  ...RESTART_LOSSES,
  {
    match: /^\+CGEV:\s*(?:NW|ME) (?:PDN )?DEACT\s*(\d+)/,
    code: 'NETWORK',
    reason: (m) => `PDP context ${m[1]} was deactivated (${m[0]})`,
    context: (m) => Number(m[1]),
  },
  { match: /^\+UUPSDD:\s*0\b/, code: 'NETWORK', reason: 'the PSD profile 0 was deactivated (+UUPSDD: 0)' },
];

/** Documented lengths (digest §3, §4, §5.1). */
export const LIMITS = { host: 128, user: 30, password: 30, remotePath: 256, fsName: 248 } as const;

export const TIMINGS = {
  /** Commands the module answers at once (profile, file system, bearer configuration). */
  localMs: 5000,
  /** `AT+CMEE?` after a timeout: a live module answers in milliseconds. */
  probeMs: 700,
  /** `AT+UPSDA=0,3` until `+UUPSDA` (network dependent). */
  activateMs: 150_000,
  /**
   * ATS12 default 50 × 20 ms (R4-MAN §10.19): host silence before and after
   * `+++`; a little slack for timer jitter.
   */
  guardMs: 1050,
  /**
   * The answer to `+++` (or a module leaving direct link early) arrives where
   * the host still counts file bytes: `DISCONNECT`, `OK`, `+UUFTPCR: 6,<0|1>`
   * (IADG §9.1.2). Held back from the sink and believed after 150 ms of silence;
   * up to three unsolicited lines right after it belong to it too (as for
   * Quectel's ranged trailer), so none of it slides into the file.
   */
  directTrailer: { pattern: /(?:\r\n)?DISCONNECT\r\n(?:\r\n)?OK\r\n(?:\r\n)?(\+UUFTPCR: ?6 ?, ?[01])\r\n(?:(?:\r\n)?[^\r\n]{1,80}\r\n){0,3}$/, maxBytes: 64 + 3 * 84, quietMs: 150 },
  /** Direct-link upload: "wait ≥ 2 s" after the data before `+++` (R4-MAN op 7, IADG §9.1.3), with slack for the line's own timing. */
  storeQuietMs: 2250,
  /**
   * `AT+URDBLOCK` size: the limit is not stated (digest §5.1 [NF]); SPARK reads
   * 64000-byte blocks. One round trip per block costs < 0.1 % of line time.
   */
  blockBytes: 64_000,
  /** Pieces of the `AT+UDWNFILE` payload handed to the port (the module sees one stream). */
  feedChunkBytes: 16 * 1024,
} as const;
