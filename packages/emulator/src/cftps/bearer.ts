/**
 * The 3GPP PDP commands these modules use for their bearer (27.007 §10.1;
 * A-AN §3, S-AN §2.2): `AT+CGDCONT`, `AT+CGAUTH`, `AT+CGACT`, `AT+CGPADDR`.
 * On LTE context 1 is up from power-on ("PDN auto-activation", S-AN §4);
 * `AT+CFTPSSTART` activates it if it is not.
 */
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { AtOutput } from '../common/output.js';

interface Pdp {
  type: string;
  apn: string;
  active: boolean;
}

const CIDS = 15;

export class CftpsBearer {
  readonly #contexts = new Map<number, Pdp>();

  constructor(private readonly out: AtOutput) {
    this.reset();
  }

  /** A carrier-assigned address; deterministic so tests can assert it. */
  static address(cid: number): string {
    return `10.76.21.${100 + cid}`;
  }

  isActive(cid = 1): boolean {
    return this.#contexts.get(cid)?.active === true;
  }

  /** What `AT+CFTPSSTART` does first: bring context 1 up (defining it with an empty APN if needed). */
  activateDefault(): void {
    const pdp = this.#contexts.get(1) ?? { type: 'IP', apn: '', active: false };
    pdp.active = true;
    this.#contexts.set(1, pdp);
  }

  /** Context 1 goes down at the module's own request (SIM7600 `AT+CFTPSABORT`). */
  deactivateDefault(): void {
    const pdp = this.#contexts.get(1);
    if (pdp) pdp.active = false;
  }

  /** The network drops every context (`pdpLossAfterCommands`); true when one was up. */
  loseAll(): boolean {
    let lost = false;
    for (const [cid, pdp] of this.#contexts) {
      if (!pdp.active) continue;
      pdp.active = false;
      lost = true;
      // 27.007 §10.1.19 network-initiated deactivation report [I: SIMCom's LTE modules print it unasked].
      this.out.urc(`+CGEV: NW PDN DEACT ${cid}`);
    }
    return lost;
  }

  reset(): void {
    this.#contexts.clear();
    this.#contexts.set(1, { type: 'IP', apn: '', active: true });
  }

  handlers(): Record<string, CommandHandler> {
    const out = this.out;
    return {
      '+CGDCONT': (cmd) => this.#cgdcont(cmd),
      // Credentials are stored by the network side only: the emulated carrier accepts any.
      '+CGAUTH': (cmd) => {
        if (cmd.form === 'test') return out.respond(['+CGAUTH: (1-15),(0-2),,']);
        if (cmd.form !== 'write' || intInRange(cmd.args[0], 1, CIDS) === undefined) return out.error();
        out.ok();
      },
      '+CGACT': (cmd) => this.#cgact(cmd),
      '+CGPADDR': (cmd) => {
        if (cmd.form === 'test') return out.respond([`+CGPADDR: (${[...this.#contexts.keys()].join(',')})`]);
        const cids = cmd.form === 'write' ? cmd.args.map((a) => intInRange(a, 1, CIDS)) : [...this.#contexts.keys()];
        if (cids.some((c) => c === undefined || !this.#contexts.has(c))) return out.error();
        out.respond((cids as number[]).map((c) => `+CGPADDR: ${c},${this.isActive(c) ? CftpsBearer.address(c) : '0.0.0.0'}`));
      },
    };
  }

  #cgdcont(cmd: AtCommand): void {
    const out = this.out;
    if (cmd.form === 'test') return out.respond(['+CGDCONT: (1-15),"IP",,,(0-2),(0-4),(0-1),(0-1)', '+CGDCONT: (1-15),"IPV6",,,(0-2),(0-4),(0-1),(0-1)', '+CGDCONT: (1-15),"IPV4V6",,,(0-2),(0-4),(0-1),(0-1)']);
    if (cmd.form === 'read') {
      return out.respond([...this.#contexts].map(([cid, p]) => `+CGDCONT: ${cid},"${p.type}","${p.apn}","0.0.0.0",0,0,0,0`));
    }
    const cid = intInRange(cmd.args[0], 1, CIDS);
    if (cmd.form !== 'write' || cid === undefined) return out.error();
    if (cmd.args.length === 1) {
      this.#contexts.delete(cid);
      return out.ok();
    }
    const type = textArg(cmd.args[1], 8)?.toUpperCase();
    const apn = cmd.args[2] === undefined ? '' : textArg(cmd.args[2], 99);
    if (type === undefined || !['IP', 'IPV6', 'IPV4V6'].includes(type) || apn === undefined) return out.error();
    const active = this.#contexts.get(cid)?.active ?? false;
    this.#contexts.set(cid, { type, apn, active });
    out.ok();
  }

  #cgact(cmd: AtCommand): void {
    const out = this.out;
    if (cmd.form === 'test') return out.respond(['+CGACT: (0,1)']);
    if (cmd.form === 'read') return out.respond([...this.#contexts].map(([cid, p]) => `+CGACT: ${cid},${p.active ? 1 : 0}`));
    const state = intInRange(cmd.args[0], 0, 1);
    const cids = cmd.args.length > 1 ? cmd.args.slice(1).map((a) => intInRange(a, 1, CIDS)) : [...this.#contexts.keys()];
    if (cmd.form !== 'write' || state === undefined || cids.some((c) => c === undefined || !this.#contexts.has(c))) return out.error();
    for (const cid of cids as number[]) (this.#contexts.get(cid) as Pdp).active = state === 1;
    out.ok();
  }
}
