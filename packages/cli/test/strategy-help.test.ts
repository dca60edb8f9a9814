import { describe, expect, it } from 'vitest';
import { CFTPS_PROFILES } from '@cellftp/simcom';
import { strategyHelp } from '../src/strategy-help.js';
import { runCli } from './support/run-cli.js';

describe('strategy help names every command set, the AT+CFTPS* and u-blox families too', () => {
  it('lists the SIM70x0 and the AT+CFTPS* strategies per family group', () => {
    expect(strategyHelp('download')).toBe('quectel: com, ufs, ram; simcom SIM70x0: etget, extget, chunked; simcom A76xx/SIM767x: frames; simcom SIM7600: frames, cache; ublox SARA-R4: fs; ublox SARA-R5/LARA-R6: fs, direct');
    expect(strategyHelp('upload')).toBe('quectel: com, ufs, ram; simcom SIM70x0: etput, extput, chunked; simcom A76xx/SIM767x/SIM7600: stream, block; ublox SARA-R4: fs; ublox SARA-R5/LARA-R6: fs, direct');
  });

  it('takes every name from the driver profile tables', () => {
    for (const profile of CFTPS_PROFILES) {
      for (const name of profile.downloads.names) expect(strategyHelp('download')).toContain(name);
      for (const name of profile.uploads.names) expect(strategyHelp('upload')).toContain(name);
      expect(strategyHelp('download')).toContain(profile.family);
    }
  });

  it('`cellftp get --help` shows them', async () => {
    const run = await runCli(['get', '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`how the module moves downloads (${strategyHelp('download')}; default: the first)`);
    expect(help).toContain(`how the module moves uploads (${strategyHelp('upload')}; default: the first)`);
  });
});
