/**
 * The virtual SIMCom `AT+CFTPS*` modules (A7670E, SIM7600G): a
 * {@link CftpsProfile} plus these handlers on the shared {@link ModemCore},
 * with real FTP(S) behind them through the shared backend.
 */
import { basicCommands } from '../common/basic-commands.js';
import { ModemCore, type DialectFraming } from '../common/modem-core.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { CftpsBearer } from './bearer.js';
import { cacheCommands } from './cache.js';
import type { CftpsContext } from './context.js';
import { transferCommands } from './get.js';
import type { CftpsProfile } from './profile.js';
import { fileTransferCommands } from './file-transfer.js';
import { putCommand } from './put.js';
import { ModuleStore, storageCommands } from './storage.js';
import { serviceCommands } from './service.js';
import { CftpsSession } from './session.js';
import { simpleCommands } from './simple.js';
import { CftpsSsl } from './ssl.js';
import { applyVariants } from './variants.js';

/**
 * Creates the model of one family member.
 *
 * @example
 * ```ts
 * const model = createCftpsModel(A7670E_PROFILE, io, { latencyMs: 0, faults: {} });
 * model.start();                                   // RDY …
 * model.receive(Buffer.from('AT+CFTPSSTART\r'));   // → OK, +CFTPSSTART: 0
 * ```
 */
export function createCftpsModel(base: CftpsProfile, io: ModemIo, options: ModelOptions): VirtualModemModel {
  const variant = (name: string): boolean => options.variants?.has(name) === true;
  const profile = applyVariants(base, variant);
  const framing: DialectFraming = profile.framing;
  const core: ModemCore = new ModemCore(io, options, framing, {
    // Every FTP(S) setting is NO_SAVE (A-MAN): a restart drops the service, the login and the SSL settings.
    reset: async () => {
      ctx.bearer.reset();
      ctx.ssl.reset();
      await ctx.session.reset();
    },
    onPdpLoss: () => {
      if (!ctx.bearer.loseAll() || !ctx.session.started) return;
      void ctx.session.lose();
      if (profile.disconnectNotify) core.out.urc('+CFTPSNOTIFY: FTPS DISCONNECT');
    },
  });
  const ctx: CftpsContext = {
    core,
    options,
    profile,
    session: new CftpsSession(core.out, options),
    bearer: new CftpsBearer(core.out),
    ssl: new CftpsSsl(),
    variant,
    runSessionOp: (name, shape, body) =>
      variant('urc-before-ok') ? ctx.session.runUrcFirst(name, shape, body) : ctx.session.run(name, shape, body),
  };
  core.register(basicCommands(core, profile.basics));
  core.register(ctx.bearer.handlers());
  core.register(ctx.ssl.handlers(core, profile.sslcfg));
  core.register(serviceCommands(ctx));
  core.register(simpleCommands(ctx));
  core.register(transferCommands(ctx));
  core.register({ '+CFTPSPUT': putCommand(ctx) });
  // Flash: the files outlive restarts, like the certificates.
  const store = new ModuleStore(profile);
  core.register(storageCommands(ctx, store));
  core.register(fileTransferCommands(ctx, store));
  if (profile.cache) core.register(cacheCommands(ctx));
  if (!profile.abort) core.handlers.delete('+CFTPSABORT');
  return core;
}
