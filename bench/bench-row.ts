/** One measured transfer of a driver benchmark, as `pnpm bench` reports it. */
export interface BenchRow {
  vendor: string;
  strategy: string;
  direction: 'download' | 'upload';
  baud: number;
  bytes: number;
  seconds: number;
  /** Payload bytes ÷ (seconds × baud / 10): the share of the 8N1 line rate used. */
  efficiency: number;
  cpuMsPerMiB: number;
  peakRssMiB?: number;
  /** The driver's default strategy for this direction. */
  default?: boolean;
  target?: number;
  met?: boolean;
}
