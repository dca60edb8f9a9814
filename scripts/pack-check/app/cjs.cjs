const { FtpError, openModem } = require('@cellftp/core');
const { startTestFtpServer, startVirtualModem } = require('@cellftp/emulator');
const { quectel } = require('@cellftp/quectel');
const { simcom } = require('@cellftp/simcom');
const { runCli, EXIT } = require('@cellftp/cli');
const { roundTrip } = require('./shared.cjs');

(async () => {
  const env = { openModem, FtpError, startTestFtpServer, startVirtualModem, drivers: [quectel(), simcom()] };
  await roundTrip({ ...env, model: 'EC25', label: 'CJS' });
  await roundTrip({ ...env, model: 'SIM7080G', label: 'CJS' });
  let out = '';
  const sink = { write: (t) => ((out += t), true) };
  const code = await runCli(['--version'], { streams: { stdout: sink, stderr: sink, env: {} } });
  if (code !== EXIT.OK || !/^\d+\.\d+\.\d+/.test(out)) throw new Error(`runCli --version: ${code} ${out}`);
  console.log(`CJS runCli --version: ${out.trim()}`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
