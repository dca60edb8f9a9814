/**
 * Faults a test can inject into a virtual modem. Each one reproduces what the real module reports for that
 * failure (the vendor's error code, URC or silence), not a made-up signal.
 */
export interface FaultPlan {
  /** The FTP server's control connection is cut after this many bytes of it have passed. */
  closeControlAfterBytes?: number;
  /** The data connection of the next transfer(s) is cut after this many payload bytes. */
  closeDataAfterBytes?: number;
  /** Opening a data connection fails (carrier NAT / firewall): Quectel 615 then 603 traps, SIMCom 63/75. */
  refuseDataConnection?: boolean;
  /** The server refuses the login (530). */
  refuseLogin?: boolean;
  /** Host names do not resolve (Quectel 604, SIMCom 62). */
  dnsFailure?: boolean;
  /** Delays result URCs whose line starts with one of these prefixes by `ms`. */
  delayUrc?: { prefix: string; ms: number };
  /** Never sends result URCs whose line starts with this prefix. */
  dropUrc?: { prefix: string };
  /** After this many host commands the modem stops answering anything. */
  silentAfterCommands?: number;
  /** Writes these lines (each framed as `\r\n<line>\r\n`) to the host at random points, seeded. */
  injectLines?: { lines: string[]; seed: number; probability: number };
  /** Writes random garbage bytes between responses, seeded. */
  injectGarbage?: { seed: number; probability: number };
  /** After this many host commands the modem reboots: drops all state and prints its start-up lines. */
  rebootAfterCommands?: number;
  /**
   * The PDP context / bearer drops after this many host commands (`+QIURC: "pdpdeact",<id>` / `+APP PDP:
   * <n>,DEACTIVE`).
   */
  pdpLossAfterCommands?: number;
}
