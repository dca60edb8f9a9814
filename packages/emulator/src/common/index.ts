export { parseAtCommand, splitArgs, intArg, strArg, type AtArg, type AtCommand } from './at-parse.js';
export { AtOutput } from './output.js';
export { EscapeDetector } from './escape.js';
export { ModemCore, type CommandHandler, type DialectHooks } from './modem-core.js';
export { basicCommands, type ModemIdentity } from './basic-commands.js';
export { seededRandom } from './prng.js';
