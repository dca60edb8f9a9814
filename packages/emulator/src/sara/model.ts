/**
 * The virtual u-blox SARA modules (SARA-R5, SARA-R410M): a {@link SaraProfile}
 * plus these handlers on the shared {@link ModemCore}, with real FTP behind
 * them through the shared backend. The `AT+UFTP` profile and the login are
 * volatile; the flash file system survives restarts.
 */
import { basicCommands } from '../common/basic-commands.js';
import { intInRange } from '../common/at-parse.js';
import { ModemCore, type CommandHandler } from '../common/modem-core.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { SaraBearer } from './bearer.js';
import type { SaraContext } from './context.js';
import { ffsCommands } from './ffs.js';
import { FlashStore } from './flash-store.js';
import { ftpcCommands } from './ftpc.js';
import { SaraFtp } from './ftp-session.js';
import type { SaraProfile } from './profile.js';
import { uftpCommand } from './uftp.js';

/** Deaf after a restart [I: no source gives the boot time]; `timing.restartMs` changes it. */
export const RESTART_MS = 2000;

/**
 * Creates the model of one family member.
 *
 * @example
 * ```ts
 * const model = createSaraModel(SARA_R5_PROFILE, io, { latencyMs: 0, faults: {} });
 * model.start();                                // prints nothing (no start-up line)
 * model.receive(Buffer.from('AT+UFTPC=1\r'));   // → OK, later +UUFTPCR: 1,0
 * ```
 */
export function createSaraModel(base: SaraProfile, io: ModemIo, options: ModelOptions): VirtualModemModel {
  const variant = (name: string): boolean => options.variants?.has(name) === true;
  // Variant `direct-link` (SARA-R4): a firmware whose AT+UFTPC=? lists ops 6 and 7, as R4-MAN documents their syntax (digest §5.2).
  const profile: SaraProfile = variant('direct-link')
    ? { ...base, ftpcOps: new Set([...base.ftpcOps, 6, 7]), ftpcTest: '+UFTPC: (0-8,10,11,13,14,100)' }
    : base;
  const framing = { ...profile.framing, restartSilenceMs: options.timing?.restartMs ?? RESTART_MS };
  const core: ModemCore = new ModemCore(io, options, framing, {
    reset: async () => {
      for (const cancel of [...ctx.cancels]) cancel();
      ctx.cancels.clear();
      ctx.s12 = 50;
      ctx.bearer.reset();
      await ctx.ftp.reset();
    },
    onPdpLoss: () => {
      if (ctx.bearer.loseAll()) void ctx.ftp.lose();
    },
  });
  const ctx: SaraContext = {
    core,
    options,
    profile,
    ftp: new SaraFtp(core),
    bearer: new SaraBearer(core, profile),
    fs: new FlashStore(options.timing?.fsBytes ?? profile.fsBytes),
    s12: 50,
    cancels: new Set(),
    variant,
  };
  const out = core.out;
  core.register(basicCommands(core, profile.basics));
  const ati = profile.basics.exec.I ?? [];
  core.register({
    // ATI / ATI0: the identification block; ATI9: modem and application version (R4-MAN §4).
    I: (cmd) => {
      const n = cmd.form === 'exec' ? 0 : cmd.form === 'write' ? intInRange(cmd.args[0], 0, 9) : undefined;
      if (n === 0) return out.respond(ati);
      if (n === 9) return out.respond([profile.ati9]);
      out.error();
    },
    '+CFUN': cfun(ctx),
    S12: (cmd) => {
      if (cmd.form === 'read') return out.respond([String(ctx.s12).padStart(3, '0')]);
      if (cmd.form === 'test') return out.respond(['S12: (0-255)']);
      const v = intInRange(cmd.args[0], 0, 255);
      if (cmd.form !== 'write' || v === undefined) return out.error();
      ctx.s12 = v;
      out.ok();
    },
    '+UFTP': uftpCommand(ctx),
  });
  core.register(ctx.bearer.handlers());
  core.register(ftpcCommands(ctx));
  core.register(ffsCommands(ctx));
  return core;
}

/** `AT+CFUN`: 0/1/4, the member's reset values (R5 16, R4 15) and `<rst>` 1 restart the module. */
function cfun(ctx: SaraContext): CommandHandler {
  const { core, profile } = ctx;
  const out = core.out;
  let fun = 1;
  return (cmd) => {
    if (cmd.form === 'read') return out.respond([`+CFUN: ${fun}`]);
    if (cmd.form === 'test') return out.respond([profile.cfunTest]);
    const value = intInRange(cmd.args[0], 0, 127);
    const rst = cmd.args.length > 1 ? intInRange(cmd.args[1], 0, 1) : 0;
    const known = value === 0 || value === 1 || value === 4 || (value !== undefined && profile.resetFun.includes(value));
    if (cmd.form !== 'write' || !known || rst === undefined || cmd.args.length > 2) return out.cmeError(50);
    out.ok();
    if (rst === 1 || profile.resetFun.includes(value as number)) {
      fun = 1;
      return core.reboot();
    }
    fun = value as number;
  };
}
