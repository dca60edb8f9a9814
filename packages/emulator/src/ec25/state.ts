/** The EC25's volatile configuration (nothing is saved: AN §2.1 "will not be saved"). */
export interface FtpConfig {
  user: string;
  password: string;
  /** 0 binary, 1 ASCII. */
  fileType: number;
  /** 0 active, 1 passive. */
  transMode: number;
  contextId: number;
  /** Seconds, 20–180. */
  rspTimeout: number;
  /** 0 FTP, 1 implicit FTPS, 2 explicit FTPS. */
  sslType: number;
  sslCtxId: number;
  dataAddress: number;
  dataTimeout: number;
  restEnable: number;
}

/** Defaults per AN §2.1 and Quectel's driver header (VENDOR-FACTS §B.2). */
export function defaultFtpConfig(): FtpConfig {
  return {
    user: '',
    password: '',
    fileType: 0,
    transMode: 0,
    contextId: 1,
    rspTimeout: 90,
    sslType: 0,
    sslCtxId: 0,
    dataAddress: 0,
    dataTimeout: 25,
    restEnable: 1,
  };
}

/** One PDP context (AT+QICSGP / AT+QIACT). */
export interface PdpContext {
  type: number;
  apn: string;
  user: string;
  password: string;
  auth: number;
  active: boolean;
}

/** `+QFTPSTAT` values (AN §2.17). */
export const FtpStat = { opening: 0, idle: 1, transferring: 2, closing: 3, closed: 4 } as const;
export type FtpStatValue = (typeof FtpStat)[keyof typeof FtpStat];
