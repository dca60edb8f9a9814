import { CliError, EXIT } from './exit-codes.js';

/** The emulator package's entry, loaded only by the commands that run virtual modems. */
export type EmulatorModule = typeof import('@cellftp/emulator');

/**
 * Loads `@cellftp/emulator` on first use. It is an optional peer of the CLI:
 * its FTP server stack (ftp-srv and what it pulls in) has no place in a
 * device's install, so `get`/`put` never load it and a missing package only
 * matters to `emulate` and `demo`, which then say how to get it.
 */
export async function loadEmulator(command: string): Promise<EmulatorModule> {
  try {
    return await import('@cellftp/emulator');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError(EXIT.USAGE, 'MISSING_EMULATOR', `cellftp ${command} needs the virtual modems: npm install @cellftp/emulator`, { cause: error });
    }
    throw error;
  }
}
