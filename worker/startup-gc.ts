/**
 * Loading the modules, the region and the demo accounts leaves about 20 MB of garbage that V8 keeps
 * until the process has been idle for a while, so a server that starts busy carries it; one full
 * collection before serving hands it back to the system (resident memory is budgeted in issue 10,
 * bench/load.ts). `npm start` runs node with --expose-gc for this; without it nothing happens.
 */
export function releaseStartupGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}
