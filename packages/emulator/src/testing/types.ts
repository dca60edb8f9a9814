/** A real FTP server on 127.0.0.1 for a test. */
export interface TestFtpServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The directory the user sees as `/`, for asserting files with node:fs. */
  root: string;
  /** Whether the server implements MLSD. */
  mlsd: boolean;
  stop(): Promise<void>;
}
