/**
 * @packageDocumentation
 * `@cellftp/cli`: the `cellftp` command. The binary is `cellftp`; this entry
 * point exposes the same runner for embedding and the demo's application
 * function, written once against the vendor-neutral API.
 */
export { runCli, type RunCliOptions } from './cli.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export type { CliStreams } from './output/streams.js';
export { roundTrip, type RoundTripJob, type RoundTripResult } from './demo/app.js';
export { parseFtpTarget, type FtpTarget } from './target.js';
