import { createRequire } from 'node:module';
import { FtpError, openModem } from '@cellftp/core';
import { startTestFtpServer, startVirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';

const require = createRequire(import.meta.url);
const { roundTrip } = require('./shared.cjs');
const cjsCore = require('@cellftp/core');

// Core's two builds are two FtpError classes; instanceof must hold both ways.
if (cjsCore.FtpError === FtpError) throw new Error('expected two builds of core in this process');
if (!(new cjsCore.FtpError('NOT_FOUND', 'x') instanceof FtpError)) throw new Error('a CJS-core FtpError is not instanceof the ESM FtpError');
if (!(new FtpError('NOT_FOUND', 'x') instanceof cjsCore.FtpError)) throw new Error('an ESM-core FtpError is not instanceof the CJS FtpError');

const env = { openModem, FtpError, startTestFtpServer, startVirtualModem };
await roundTrip({ ...env, drivers: [quectel(), simcom()], model: 'EC25', label: 'ESM' });
await roundTrip({ ...env, drivers: [quectel(), simcom()], model: 'SIM7080G', label: 'ESM' });
// The case: an ESM app that requires a driver (which then loads core's CJS build).
await roundTrip({ ...env, drivers: [require('@cellftp/quectel').quectel()], model: 'EC25', label: 'ESM app + CJS driver' });
