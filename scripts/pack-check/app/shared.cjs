// One round trip per virtual module, written once for the ESM and the CJS script.
const { createHash } = require('node:crypto');
const { Writable } = require('node:stream');

const sha = (b) => createHash('sha256').update(b).digest('hex');

/** Uploads every byte value, downloads it back, checks sha256 and that a driver's error is an FtpError. */
async function roundTrip({ openModem, FtpError, drivers, startTestFtpServer, startVirtualModem, model, label }) {
  const server = await startTestFtpServer();
  const vm = await startVirtualModem({ model, link: 'memory' });
  const modem = await openModem({ transport: vm.transport, drivers });
  try {
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ url: `ftp://${server.user}:${server.password}@127.0.0.1:${server.port}/` });
    const sent = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
    await ftp.uploadFrom(sent, 'consumer.bin');
    const parts = [];
    await ftp.downloadTo(new Writable({ write: (c, _e, done) => (parts.push(c), done()) }), 'consumer.bin');
    const back = Buffer.concat(parts);
    if (sha(back) !== sha(sent)) throw new Error(`${label} ${model}: sha256 differs`);
    let missing;
    try {
      await ftp.size('no-such-file.bin');
    } catch (e) {
      missing = e;
    }
    if (!(missing instanceof FtpError) || missing.code !== 'NOT_FOUND') throw new Error(`${label} ${model}: a driver's NOT_FOUND is not an FtpError of this core: ${missing}`);
    await ftp.close();
    console.log(`${label} ${model}: ${back.length} bytes, sha256 ${sha(back).slice(0, 16)}… match; NOT_FOUND instanceof FtpError`);
  } finally {
    await modem.close();
    await vm.close();
    await server.stop();
  }
}

module.exports = { roundTrip };
