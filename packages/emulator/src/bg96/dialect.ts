import { EC25_DIALECT, EC25_FRAMING, quectelIdentity, type QuectelDialect } from '../ec25/dialect.js';
import { createEc25Model } from '../ec25/model.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';

/**
 * The BG96 (LTE Cat M1 / NB1) as a dialect of the EC25 model: the same `AT+QFTP*` handlers with the BG96
 * manuals' tables (reference digest `quectel-bg95-ec200u-ftp-differences.md` §1, §5).
 */

export const BG96_DIALECT: QuectelDialect = {
  // Identification in the EC2x shape with the BG96's own names [I: the BG96 manuals show no ATI example].
  basics: { ...EC25_DIALECT.basics, exec: { ...EC25_DIALECT.basics.exec, ...quectelIdentity('BG96', 'BG96MAR02A07M1G') } },
  framing: {
    // Start-up lines as the EC2x prints them: the BG96 manuals show none of their own.
    ...EC25_FRAMING,
    // No `+QIND: "act"` line: the EC2x's names an LTE Cat 4 access technology.
    fieldLines: { network: ['+CEREG: 1', '+QIND: "csq",24,99', '+CTZV: +04,0'] },
  },
  // B-FTP §2.5/2.6, B-FILE: "the file can only be UFS files", named without a prefix.
  drives: [],
  // B-FTP §2.1 test response: "data_address" (0,1) without a timeout, no "restenable".
  qftpcfg: { restenable: false, dataAddressMax: 1 },
  nlst: true,
  // B-TCP: "only supports three PDP contexts activated simultaneously" (B-FTP §4.2 says four on Cat M1, two
  // on NB1).
  maxActiveContexts: 3,
};

/** BG95-M3 as Quectel's own driver code treats it: no names-only listing; otherwise the BG96 tables [I]. */
export const BG95_DIALECT: QuectelDialect = {
  ...BG96_DIALECT,
  basics: { ...BG96_DIALECT.basics, exec: { ...BG96_DIALECT.basics.exec, ...quectelIdentity('BG95-M3', 'BG95M3LAR02A03') } },
  nlst: false,
};

/** The `size-no-err` variant: `+QFTPSIZE: 1000` without `<err>`, as B-FTP §3.4 prints it. */
const sizeWithoutErr = (dialect: QuectelDialect): QuectelDialect => ({
  ...dialect,
  framing: { ...dialect.framing, rewrite: (t: string) => t.replace(/^\+QFTPSIZE: 0,(\d+)$/, '+QFTPSIZE: $1') },
});

/** A virtual BG96 (or, with the `bg95` variant, a BG95-M3): the EC25 model read through a dialect table. */
export function createBg96Model(io: ModemIo, options: ModelOptions): VirtualModemModel {
  const dialect = options.variants?.has('bg95') ? BG95_DIALECT : BG96_DIALECT;
  return createEc25Model(io, options, options.variants?.has('size-no-err') ? sizeWithoutErr(dialect) : dialect);
}
