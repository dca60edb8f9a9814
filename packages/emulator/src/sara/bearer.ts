/**
 * The bearer (digest §2): 27.007 `AT+CGDCONT` / `AT+CGACT` / `AT+CGPADDR`
 * with context 1 up from the attach (the default EPS bearer SARA-R4 uses
 * for FTP, R4-MAN §20 intro), and SARA-R5's internal PSD profile 0:
 * `AT+UPSD=0,0,<ip_type>`, `AT+UPSD=0,100,<cid>`, `AT+UPSDA=0,3` → `OK`
 * then `+UUPSDA: 0,"<ip>"`, `AT+UPSDA=0,4`, `AT+UPSND` (IADG §2.3).
 */
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler, ModemCore } from '../common/modem-core.js';
import type { SaraProfile } from './profile.js';

interface Pdp {
  type: string;
  apn: string;
  active: boolean;
}

/** `<ip_type>` of `AT+UPSD=0,0` → the `AT+CGDCONT` PDP type it must match (0 IPv4, 1 IPv6, 2/3 IPv4v6). */
const PSD_TYPES = ['IP', 'IPV6', 'IPV4V6', 'IPV4V6'] as const;

export class SaraBearer {
  readonly #contexts = new Map<number, Pdp>();
  /** PSD profile 0's parameters by number (0 IP type, 100 cid, others stored only). */
  #psd = new Map<number, string>();
  #psdActive = false;

  constructor(
    private readonly core: ModemCore,
    private readonly profile: SaraProfile,
  ) {
    this.reset();
  }

  /** A carrier-assigned address; deterministic so tests can assert it. */
  static address(cid: number): string {
    return `10.80.12.${cid}`;
  }

  /** Whether FTP has a bearer: PSD profile 0 active (R5), context 1 active (R4). */
  ready(): boolean {
    return this.profile.psdProfile ? this.#psdActive : this.#contexts.get(1)?.active === true;
  }

  /** The network drops every context (`pdpLossAfterCommands`); true when FTP's bearer was up. */
  loseAll(): boolean {
    const was = this.ready();
    for (const [cid, pdp] of this.#contexts) {
      if (!pdp.active) continue;
      pdp.active = false;
      this.core.out.urc(`+CGEV: NW PDN DEACT ${cid}`);
    }
    if (this.#psdActive) {
      this.#psdActive = false;
      // u-blox's PSD deactivation report [I: IADG names +UUPSDA only; +UUPSDD is its pair].
      this.core.out.urc('+UUPSDD: 0');
    }
    return was;
  }

  reset(): void {
    this.#contexts.clear();
    this.#contexts.set(1, { type: 'IP', apn: '', active: true });
    this.#psd = new Map([[0, '0'], [100, '1']]);
    this.#psdActive = false;
  }

  handlers(): Record<string, CommandHandler> {
    const out = this.core.out;
    const table: Record<string, CommandHandler> = {
      '+CGDCONT': (cmd) => this.#cgdcont(cmd),
      '+CGACT': (cmd) => this.#cgact(cmd),
      '+CGPADDR': (cmd) => {
        if (cmd.form === 'test') return out.respond([`+CGPADDR: (${[...this.#contexts.keys()].join(',')})`]);
        const cids = cmd.form === 'write' ? cmd.args.map((a) => intInRange(a, 0, this.profile.maxCid)) : [...this.#contexts.keys()];
        if (cids.some((c) => c === undefined || !this.#contexts.has(c))) return out.cmeError(50);
        out.respond((cids as number[]).map((c) => `+CGPADDR: ${c},${this.#contexts.get(c)?.active ? SaraBearer.address(c) : '0.0.0.0'}`));
      },
      '+UPSD': (cmd) => this.#upsd(cmd),
    };
    if (this.profile.psdProfile) {
      table['+UPSDA'] = (cmd) => this.#upsda(cmd);
      table['+UPSND'] = (cmd) => {
        const param = intInRange(cmd.args[1], 0, 8);
        if (cmd.form !== 'write' || intInRange(cmd.args[0], 0, 0) === undefined || (param !== 0 && param !== 8)) return out.cmeError(50);
        const cid = Number(this.#psd.get(100) ?? 1);
        if (param === 8) return out.respond([`+UPSND: 0,8,${this.#psdActive ? 1 : 0}`]);
        out.respond([`+UPSND: 0,0,"${this.#psdActive ? SaraBearer.address(cid) : ''}"`]);
      };
    }
    return table;
  }

  #upsd(cmd: AtCommand): void {
    const out = this.core.out;
    const param = intInRange(cmd.args[1], 0, 255);
    if (cmd.form !== 'write' || intInRange(cmd.args[0], 0, 0) === undefined || param === undefined || cmd.args.length > 3) return out.cmeError(50);
    if (cmd.args.length === 2) return out.respond([`+UPSD: 0,${param},${this.#psd.get(param) ?? '0'}`]);
    const value = cmd.args[2];
    if (param === 0 && intInRange(value, 0, 3) === undefined) return out.cmeError(50);
    if (param === 100 && intInRange(value, 0, this.profile.maxCid) === undefined) return out.cmeError(50);
    if (this.#psdActive) return out.cmeError(3);
    this.#psd.set(param, value?.quoted ? `"${value.text}"` : (value?.text ?? ''));
    out.ok();
  }

  #upsda(cmd: AtCommand): void {
    const out = this.core.out;
    const action = intInRange(cmd.args[1], 0, 6);
    if (cmd.form !== 'write' || intInRange(cmd.args[0], 0, 0) === undefined || (action !== 3 && action !== 4)) return out.cmeError(50);
    if (action === 4) {
      this.#psdActive = false;
      return out.ok();
    }
    if (this.#psdActive) return out.cmeError(3);
    const cid = Number(this.#psd.get(100) ?? 1);
    const pdp = this.#contexts.get(cid);
    if (!pdp?.active) return out.cmeError(3);
    // IADG §2.3: the IP type must match what AT+CGDCONT? reports after registration.
    if (PSD_TYPES[Number(this.#psd.get(0) ?? 0)] !== pdp.type) {
      return out.respond([], out.cmee === 0 ? 'ERROR' : '+CME ERROR: IP type configuration mismatch');
    }
    this.#psdActive = true;
    out.ok();
    const ms = this.core.options.timing?.activationMs ?? 20;
    this.core.clock.setTimeout(() => {
      if (this.#psdActive) out.urc(`+UUPSDA: 0,"${SaraBearer.address(cid)}"`);
    }, ms);
  }

  #cgdcont(cmd: AtCommand): void {
    const out = this.core.out;
    const max = this.profile.maxCid;
    if (cmd.form === 'test') return out.respond(['IP', 'IPV6', 'IPV4V6'].map((t) => `+CGDCONT: (0-${max}),"${t}",,,(0),(0),(0-1),(0)`));
    if (cmd.form === 'read') {
      return out.respond([...this.#contexts].map(([cid, p]) => `+CGDCONT: ${cid},"${p.type}","${p.apn}","${p.active ? SaraBearer.address(cid) : '0.0.0.0'}",0,0`));
    }
    const cid = intInRange(cmd.args[0], 0, max);
    if (cmd.form !== 'write' || cid === undefined) return out.cmeError(50);
    if (cmd.args.length === 1) {
      this.#contexts.delete(cid);
      return out.ok();
    }
    const type = textArg(cmd.args[1], 8)?.toUpperCase();
    const apn = cmd.args[2] === undefined ? '' : textArg(cmd.args[2], 99);
    if (type === undefined || !['IP', 'IPV6', 'IPV4V6'].includes(type) || apn === undefined) return out.cmeError(50);
    const active = this.#contexts.get(cid)?.active ?? false;
    this.#contexts.set(cid, { type, apn, active });
    out.ok();
  }

  #cgact(cmd: AtCommand): void {
    const out = this.core.out;
    if (cmd.form === 'test') return out.respond(['+CGACT: (0,1)']);
    if (cmd.form === 'read') return out.respond([...this.#contexts].map(([cid, p]) => `+CGACT: ${cid},${p.active ? 1 : 0}`));
    const state = intInRange(cmd.args[0], 0, 1);
    const cids = cmd.args.length > 1 ? cmd.args.slice(1).map((a) => intInRange(a, 0, this.profile.maxCid)) : [...this.#contexts.keys()];
    if (cmd.form !== 'write' || state === undefined || cids.some((c) => c === undefined || !this.#contexts.has(c))) return out.cmeError(50);
    for (const cid of cids as number[]) {
      (this.#contexts.get(cid) as Pdp).active = state === 1;
      // The PSD profile rides on its context: it goes down with it.
      if (state === 0 && String(cid) === this.#psd.get(100)) this.#psdActive = false;
    }
    out.ok();
  }
}
