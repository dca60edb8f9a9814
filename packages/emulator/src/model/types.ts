/**
 * The contract between a virtual modem's dialect (EC25, SIM7080G) and the link that carries its bytes
 * (memory, pty, tcp). A model never knows which link it runs on; a link never knows which dialect it carries.
 */

/** What a link gives a model. */
export interface ModemIo {
  /** Sends bytes to the host. The link paces them at the configured line rate. */
  send(bytes: Uint8Array | string): void;
  /**
   * Resolves once everything sent so far has left the (paced) line, or, with `keep` > 0, once at most `keep`
   * bytes still wait for it (a data phase refills the line at that mark so it never goes idle). An unpaced
   * link ignores `keep`.
   */
  flushed(keep?: number): Promise<void>;
}

/** What a model gives a link. */
export interface VirtualModemModel {
  /** Bytes the host wrote, in order, as the link received them. */
  receive(chunk: Uint8Array): void;
  /** Emits the model's start-up output (e.g. `RDY`). */
  start(): void;
  /** Stops timers and FTP connections behind the model. */
  close(): Promise<void>;
}

/** What every model is created with. */
export interface ModelOptions {
  /** Delay before the modem answers each command, in ms (0 = immediate). */
  latencyMs: number;
  /** Injected faults; mutable at run time through `VirtualModem.faults`. */
  faults: import('../faults.js').FaultPlan;
  /**
   * Extra trust for the FTP/FTPS backend (e.g. a test's self-signed CA), since a real module would have had
   * the CA uploaded with QSSLCFG / CSSLCFG.
   */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
  /** Firmware variants the model was started with (names from the registry, see docs/emulator.md). */
  variants?: ReadonlySet<string>;
  /** Field behaviours (start-up and network lines at random moments, boot silence); off when absent. */
  field?: FieldNoise;
  /**
   * Time source of every timer and timestamp of the model (latency, guard times, async URCs); default real
   * time.
   */
  clock?: import('../links/clock.js').Clock;
  /**
   * Durations of field-reported behaviours and tuning, shortened by tests (a model ignores what it has not).
   */
  timing?: ModelTiming;
}

/** Timing knobs; each model reads those it has. Defaults are in docs/emulator.md. */
export interface ModelTiming {
  /** EC25: how long a logout takes before its URC (other FTP commands answer 603 meanwhile). Default 500. */
  asyncCloseMs?: number;
  /** EC25: how long FTP commands answer busy after a failed data connection. Default 2000. */
  busyAfterDataFailureMs?: number;
  /** SIM7080G: re-issue `+FTPGET: 1,1` while unread data waits. Default 5000. */
  dataReminderMs?: number;
  /** SIM7080G: a GET/LIST whose data the host does not read for this long fails with 64. Default 120000. */
  readIdleTimeoutMs?: number;
  /** SIM7080G: `<maxlength>` of `+FTPPUT: 1,1,<maxlength>`. Default 1360. */
  putMaxLength?: number;
  /** SIM7080G: bytes buffered from the server before the data connection is paused. Default 16 KiB. */
  getBufferBytes?: number;
  /**
   * SIM7080G: delay between `AT+CNACT=<n>,1`'s OK and `+APP PDP: <n>,ACTIVE`; SARA-R5: between
   * `AT+UPSDA=0,3`'s OK and `+UUPSDA`. Default 20.
   */
  activationMs?: number;
  /** SIM7080G: server response timeout in seconds. Default 75 (SARA 30). */
  serverTimeoutSeconds?: number;
  /**
   * A7670E / SIM7600G: largest `+CFTPSGET: DATA,<len>` / `+CFTPSLIST: DATA,<len>` frame. Default 1024 / 1480.
   * SARA: largest `+UUFTPCD` payload, default 2048.
   */
  frameBytes?: number;
  /**
   * SARA: flash file system size in bytes. Default SARA-R410M 236 800 (R4-MAN example), SARA-R5 2 MiB
   * (assumption).
   */
  fsBytes?: number;
  /**
   * SARA: deaf and silent this long after a restart (`AT+CFUN=16`/`15`/`1,1`, reboot fault). Default 2000.
   */
  restartMs?: number;
}

/** What real modules print that a clean virtual modem does not, seeded so a failing run can be replayed. */
export interface FieldNoise {
  /** Seed of every random choice. */
  seed: number;
  /**
   * Probability, per frame the modem writes, that an unsolicited start-up or network line (`RDY`, `+CFUN: 1`,
   * `SMS Ready`, `*PSUTTZ: …`, `+CEREG: …`, …) comes first; such a line can land between the lines of a
   * response too. Default 0.05.
   */
  urcRate?: number;
  /**
   * Whether those lines may also land inside a command's answer (after its echo, before its final result:
   * `SMS Ready` during `AT+CGMI`, `DST: 0` before the `AT+CGMM` line). Default false: they come between
   * answers and before URCs only.
   */
  inAnswers?: boolean;
  /**
   * The module is silent this long after power-on before its start-up lines (BG96 ~3 s, EC2x on a UART >10
   * s). Default 0.
   */
  bootSilenceMs?: number;
}
