/**
 * The APP network bearer: AT+CNCFG and AT+CNACT (AT manual V1.05 §7.2.1–7.2.2, VENDOR-FACTS A.2). FTP runs
 * over the context AT+FTPCID names.
 */
import { Cme } from './errors.js';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';

interface PdpContext {
  ipType: number;
  apn: string;
  user: string;
  password: string;
  auth: number;
  active: boolean;
}

/** Called when a context goes down so that running FTP on it fails (error 61). */
export type BearerLossListener = (pdpidx: number) => void;

export class Bearer {
  readonly contexts: PdpContext[] = [0, 1, 2, 3].map(() => ({ ipType: 0, apn: '', user: '', password: '', auth: 0, active: false }));
  readonly #out: AtOutput;
  readonly #defer: (fn: () => void, ms: number) => void;
  readonly #activationMs: number;
  readonly #onLoss: BearerLossListener;

  constructor(out: AtOutput, defer: (fn: () => void, ms: number) => void, activationMs: number, onLoss: BearerLossListener) {
    this.#out = out;
    this.#defer = defer;
    this.#activationMs = activationMs;
    this.#onLoss = onLoss;
  }

  isActive(pdpidx: number): boolean {
    return this.contexts[pdpidx]?.active === true;
  }

  /** A carrier-assigned address; deterministic so tests can assert it. */
  static address(pdpidx: number): string {
    return `10.94.36.${44 + pdpidx}`;
  }

  /** The network drops every active context (`pdpLossAfterCommands` fault). */
  loseAll(): void {
    this.contexts.forEach((ctx, idx) => {
      if (!ctx.active) return;
      ctx.active = false;
      this.#out.urc(`+APP PDP: ${idx},DEACTIVE`);
      this.#onLoss(idx);
    });
  }

  cnact(cmd: AtCommand): void {
    const out = this.#out;
    if (cmd.form === 'test') return out.respond(['+CNACT: (0-3),(0-2)']);
    if (cmd.form === 'read') return out.respond(this.contexts.map((c, i) => `+CNACT: ${i},${c.active ? 1 : 0},"${c.active ? Bearer.address(i) : '0.0.0.0'}"`));
    const idx = intInRange(cmd.args[0], 0, 3);
    const action = intInRange(cmd.args[1], 0, 2);
    const ctx = idx === undefined ? undefined : this.contexts[idx];
    if (cmd.form !== 'write' || cmd.args.length !== 2 || idx === undefined || action === undefined || !ctx) {
      return out.cmeError(Cme.parameter);
    }
    // Activating an active context (or deactivating an inactive one) is refused [I, see docs].
    if ((action !== 0) === ctx.active) return out.cmeError(Cme.notAllowed);
    out.ok();
    // OK comes first, the URC afterwards (VENDOR-FACTS A.2).
    if (action === 0) {
      ctx.active = false;
      this.#defer(() => {
        out.urc(`+APP PDP: ${idx},DEACTIVE`);
        this.#onLoss(idx);
      }, 0);
      return;
    }
    this.#defer(() => {
      ctx.active = true;
      out.urc(`+APP PDP: ${idx},ACTIVE`);
    }, this.#activationMs);
  }

  cncfg(cmd: AtCommand): void {
    const out = this.#out;
    if (cmd.form === 'test') return out.respond(['+CNCFG: (0-3),(0-4),150,127,127,(0-3)']);
    if (cmd.form === 'read') return out.respond(this.contexts.map((c, i) => `+CNCFG: ${i},${c.ipType},"${c.apn}","${c.user}","${c.password}",${c.auth}`));
    const [a0, a1, a2, a3, a4, a5] = cmd.args;
    const idx = intInRange(a0, 0, 3);
    const ipType = intInRange(a1, 0, 4);
    const ctx = idx === undefined ? undefined : this.contexts[idx];
    const apn = a2 === undefined ? '' : textArg(a2, 150);
    const user = a3 === undefined ? '' : textArg(a3, 127);
    const password = a4 === undefined ? '' : textArg(a4, 127);
    const auth = a5 === undefined ? 0 : intInRange(a5, 0, 3);
    const shapeOk = cmd.args.length >= 2 && cmd.args.length <= 6 && cmd.args.length !== 4;
    if (cmd.form !== 'write' || !shapeOk || !ctx || ipType === undefined || apn === undefined || user === undefined) {
      return out.cmeError(Cme.parameter);
    }
    if (password === undefined || auth === undefined) return out.cmeError(Cme.parameter);
    Object.assign(ctx, { ipType, apn, user, password, auth });
    out.ok();
  }

  reset(): void {
    for (const ctx of this.contexts) Object.assign(ctx, { ipType: 0, apn: '', user: '', password: '', auth: 0, active: false });
  }
}
