import { intArg } from '../common/at-parse.js';
import { basicCommands } from '../common/basic-commands.js';
import { ModemCore } from '../common/modem-core.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { defaultFtpConfig, type Ec25Context } from './context.js';
import { fileCommands } from './file-commands.js';
import { ftpCommands } from './ftp-commands.js';
import { qftpget } from './ftp-get.js';
import { qftpListing } from './ftp-list.js';
import { qftpput } from './ftp-put.js';
import { Ec25FtpSession } from './ftp-session.js';
import { EC25_DIALECT, type QuectelDialect } from './dialect.js';
import { handleQiact, handleQicsgp, handleQideact } from './pdp.js';
import { handleQsslcfg } from './ssl.js';
import { handleQftpcfg } from './ftp-config.js';
import { FileStore } from './storage.js';
import { handleQurccfg } from './urccfg.js';

/**
 * A virtual Quectel EC25 speaking the FTP(S) Application Note v1.1 dialect with real FTP behind it; another
 * member of the family (BG96) is the same model with its own {@link QuectelDialect}.
 *
 * @example
 * const model = createEc25Model(link.io, { latencyMs: 0, faults: {} });
 * link.onHostBytes = (b) => model.receive(b);
 * model.start(); // RDY …
 */
export function createEc25Model(io: ModemIo, options: ModelOptions, dialect: QuectelDialect = EC25_DIALECT): VirtualModemModel {
  const session = new Ec25FtpSession(options);
  // AN §3.4 prints some result lines without the space after the colon (`+QFTPSIZE:0,1000`).
  const framing = options.variants?.has('no-space') ? { ...dialect.framing, rewrite: (t: string) => t.replace(/^(\+QFTP\w+): /, '$1:') } : dialect.framing;
  const core: ModemCore = new ModemCore(io, options, framing, {
    reset: async () => {
      // In place: command tables hold on to this object.
      Object.assign(ctx.cfg, defaultFtpConfig());
      ctx.contexts.clear();
      ctx.ssl.clear();
      ctx.s12 = 50;
      // RAM files do not survive a reset; UFS and SD do.
      ctx.store.clearDrive('RAM');
      await session.reset();
    },
    onPdpLoss: () => {
      const id = ctx.cfg.contextId;
      const pdp = ctx.contexts.get(id);
      if (pdp) pdp.active = false;
      void session.reset();
      core.out.urc(`+QIURC: "pdpdeact",${id}`);
    },
  });
  const ctx: Ec25Context = {
    core,
    options,
    dialect,
    cfg: defaultFtpConfig(),
    contexts: new Map(),
    ssl: new Map(),
    store: new FileStore(undefined, dialect.drives),
    session,
    s12: 50,
    urcPort: 'usbat',
  };
  const out = core.out;
  core.register(basicCommands(core, dialect.basics));
  core.register({
    S12: (cmd) => {
      if (cmd.form === 'read') return out.respond([String(ctx.s12).padStart(3, '0')]);
      if (cmd.form === 'test') return out.respond(['S12: (10-250)']);
      const v = intArg(cmd.args[0]);
      if (v === undefined || v < 10 || v > 250) return out.error();
      ctx.s12 = v;
      out.ok();
    },
    // +++ aborts a COM: download (field report), so there is never a connection to return to.
    O: () => out.respond([], 'NO CARRIER'),
    '+QICSGP': (cmd) => handleQicsgp(cmd, ctx.contexts, out),
    '+QIACT': (cmd) => handleQiact(cmd, ctx.contexts, out, dialect.maxActiveContexts),
    '+QIDEACT': (cmd) => {
      const id = handleQideact(cmd, ctx.contexts, out);
      if (id !== undefined && id === ctx.cfg.contextId) void session.reset();
    },
    '+QFTPCFG': (cmd) => {
      handleQftpcfg(cmd, ctx.cfg, out, dialect.qftpcfg);
      // "This command takes effect immediately" (AN §2.1): a logged-in session uses the new mode and type
      // next.
      session.backend.setDataOptions({ mode: ctx.cfg.transMode === 1 ? 'passive' : 'active', type: ctx.cfg.fileType === 1 ? 'ascii' : 'binary' });
    },
    '+QSSLCFG': (cmd) => handleQsslcfg(cmd, ctx.ssl, out),
    '+QURCCFG': (cmd) => handleQurccfg(cmd, ctx, out),
    '+QFTPGET': qftpget(ctx),
    '+QFTPPUT': qftpput(ctx),
    '+QFTPLIST': qftpListing(ctx, '+QFTPLIST', 'list'),
    '+QFTPMLSD': qftpListing(ctx, '+QFTPMLSD', 'mlsd'),
  });
  // QFTPNLST in the AN, QFTPNLIST in the AT manual v2.0 and Quectel's driver: both answer where the family
  // has it.
  if (dialect.nlst) core.register({ '+QFTPNLST': qftpListing(ctx, '+QFTPNLST', 'nlst'), '+QFTPNLIST': qftpListing(ctx, '+QFTPNLIST', 'nlst') });
  core.register(ftpCommands(ctx));
  core.register(fileCommands(core, ctx.store));
  return {
    receive: (chunk) => core.receive(chunk),
    start: () => core.start(),
    close: () => core.close(),
  };
}
