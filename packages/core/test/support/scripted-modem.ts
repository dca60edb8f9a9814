// Promoted to the public testing kit (`@cellftp/core/testing`); core's own tests use it from source.
export { ScriptedModem, type ScriptReply as Reply } from '../../src/testing/scripted-modem.js';
