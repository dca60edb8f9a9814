export { parseAtCommand, splitArgs, intArg, intInRange, strArg, textArg, type AtArg, type AtCommand } from './at-parse.js';
export { AtOutput, type OutputStyle } from './output.js';
export { EscapeDetector } from './escape.js';
export { ModemCore, type CommandHandler, type DialectFraming, type DialectHooks } from './modem-core.js';
export { basicCommands, type BasicTable } from './basic-commands.js';
export { seededRandom } from './prng.js';
