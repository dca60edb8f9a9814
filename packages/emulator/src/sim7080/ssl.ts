/**
 * FTPS configuration: AT+FTPSSL (AT manual V1.05 §15.2.29) and the subset of AT+CSSLCFG (§11.2.1) that FTPS
 * needs. A CA converted with `AT+CSSLCFG="CONVERT",2,"<file>"` from the module file system becomes a real
 * trust anchor of the TLS connection behind the modem.
 */
import { Cme } from './errors.js';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { ModuleFs } from './fs.js';
import type { AtOutput } from '../common/output.js';

const KEYWORDS: Record<string, { ranges: Array<[number, number] | 'text'> }> = {
  SSLVERSION: { ranges: [[0, 5], [0, 5]] },
  IGNORERTCTIME: { ranges: [[0, 5], [0, 1]] },
  PROTOCOL: { ranges: [[0, 5], [1, 2]] },
  MAXFRAGLENDISABLE: { ranges: [[0, 5], [0, 1]] },
  SNI: { ranges: [[0, 5], 'text'] },
  CTXINDEX: { ranges: [[0, 5]] },
};

const TEST_LINES = ['"SSLVERSION",(0-5),(0-5)', '"IGNORERTCTIME",(0-5),(0-1)', '"PROTOCOL",(0-5),(1-2)', '"SNI",(0-5),253', '"CTXINDEX",(0-5)',
  '"MAXFRAGLENDISABLE",(0-5),(0-1)', '"CONVERT",(1-3),50,50,50'].map((l) => `+CSSLCFG: ${l}`);

export class SslState {
  ssltype = 0;
  index = 0;
  caList = '';
  certName = '';
  /** Converted CA files by name (PEM/DER bytes as uploaded). */
  readonly converted = new Map<string, Buffer>();
  readonly #contexts = new Map<number, Record<string, string>>();

  /** Trust anchors named by AT+FTPSSL's `<ca list>`, if that file was converted. */
  caFor(): Buffer | undefined {
    return this.caList === '' ? undefined : this.converted.get(this.caList);
  }

  ftpssl(cmd: AtCommand, out: AtOutput): void {
    if (cmd.form === 'test') return out.respond(['+FTPSSL: (0-2),(0-5),50,50']);
    if (cmd.form === 'read') return out.respond([`+FTPSSL: ${this.ssltype},${this.index},"${this.caList}","${this.certName}"`]);
    const [a0, a1, a2, a3] = cmd.args;
    const type = intInRange(a0, 0, 2);
    const index = intInRange(a1, 0, 5);
    const ca = a2 === undefined ? '' : textArg(a2, 50);
    const cert = a3 === undefined ? '' : textArg(a3, 50);
    if (cmd.form !== 'write' || cmd.args.length < 2 || cmd.args.length > 4) return out.cmeError(Cme.parameter);
    if (type === undefined || index === undefined || ca === undefined || cert === undefined) return out.cmeError(Cme.parameter);
    Object.assign(this, { ssltype: type, index, caList: ca, certName: cert });
    out.ok();
  }

  csslcfg(cmd: AtCommand, out: AtOutput, fs: ModuleFs): void {
    if (cmd.form === 'read') return out.ok();
    if (cmd.form === 'test') return out.respond(TEST_LINES);
    const keyword = cmd.args[0]?.text.toUpperCase() ?? '';
    const rest = cmd.args.slice(1);
    if (cmd.form !== 'write') return out.cmeError(Cme.parameter);
    if (keyword === 'CONVERT') {
      const type = intInRange(rest[0], 1, 3);
      const name = textArg(rest[1], 50);
      if (type === undefined || !name) return out.cmeError(Cme.parameter);
      // CONVERT reads the uploaded file from /customer/ (S-FTPAN §5.2.1 uploads with dir 3).
      const data = fs.read(3, name);
      if (!data) return out.cmeError(Cme.notAllowed);
      if (type === 2) this.converted.set(name, data);
      return out.ok();
    }
    const spec = KEYWORDS[keyword];
    if (keyword === 'CIPHERSUITE') {
      if (intInRange(rest[0], 0, 5) === undefined || intInRange(rest[1], 0, 7) === undefined || !rest[2]) return out.cmeError(Cme.parameter);
      return out.ok();
    }
    if (!spec || rest.length !== spec.ranges.length) return out.cmeError(Cme.parameter);
    const valid = spec.ranges.every((range, i) =>
      range === 'text' ? textArg(rest[i], 253) !== undefined : intInRange(rest[i], range[0], range[1]) !== undefined,
    );
    if (!valid) return out.cmeError(Cme.parameter);
    const ctx = Number(rest[0]?.text);
    const values = this.#contexts.get(ctx) ?? { SSLVERSION: '0', IGNORERTCTIME: '1', PROTOCOL: '1', SNI: '' };
    if (keyword === 'CTXINDEX') return out.respond([`+CSSLCFG: ${ctx},${values.SSLVERSION},0x0000,${values.IGNORERTCTIME},${values.PROTOCOL},"${values.SNI}"`]);
    values[keyword] = rest[1]?.text ?? '';
    this.#contexts.set(ctx, values);
    out.ok();
  }

  reset(): void {
    Object.assign(this, { ssltype: 0, index: 0, caList: '', certName: '' });
    this.#contexts.clear();
  }
}
