import { addModemOptions, type ModemCliOptions } from '../options.js';
import { withModem } from '../session.js';
import { runGuarded, type CommandHost } from './define.js';
import { runProbeAll } from './fleet/index.js';
import { queryStatus } from './probe-queries.js';

/** `cellftp probe`: who the module is and whether it can reach the network. */
export function registerProbe(host: CommandHost): void {
  const cmd = host.program
    .command('probe')
    .summary('identify the modem: vendor, model, firmware, SIM, registration, signal')
    .description('Identify the modem (vendor, model, firmware) and report SIM state (AT+CPIN?), registration (AT+CEREG?) and signal (AT+CSQ).');
  cmd.option('--all', 'find every module on this host (USB listing + short AT probe), or probe the comma-separated --port list');
  addModemOptions(cmd, host.ctx.con.streams.env).addHelpText('after', '\nExamples:\n  $ cellftp probe --port /dev/ttyUSB2\n  $ cellftp probe --json --port /dev/ttyUSB2 --baud 921600\n');
  cmd.action(async (options: ModemCliOptions & { all?: boolean }) => {
    if (options.all) return runProbeAll(host, { json: options.json, baud: options.baud, ...(options.port ? { ports: options.port } : {}) });
    await runGuarded(host, 'probe', options.json, () =>
      withModem(host.ctx, options, async (modem) => {
        const status = await queryStatus(modem, host.ctx.signal);
        const { vendor, manufacturer, model, revision } = modem.info;
        const text = [
          `vendor        ${vendor}`,
          `manufacturer  ${manufacturer}`,
          `model         ${model}`,
          `firmware      ${revision}`,
          `SIM           ${status.sim ?? 'unknown'}`,
          `registration  ${status.registration ? `${status.registration.meaning} (${status.registration.stat})` : 'unknown'}`,
          `signal        ${status.signal ? `${status.signal.dbm === null ? 'not known' : `${status.signal.dbm} dBm`} (CSQ ${status.signal.rssi},${status.signal.ber})` : 'unknown'}`,
          ...status.errors.map((e) => `note          ${e}`),
        ].join('\n');
        return { json: { port: options.port, vendor, manufacturer, model, firmware: revision, ...status }, text };
      }),
    );
  });
}
