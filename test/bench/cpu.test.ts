import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { cpuMsOf } from '../../bench/support'

// bench/load.ts reports the server's CPU per request in the bursts from /proc (issue 25).
describe('cpuMsOf', () => {
  it("counts a process's CPU time, whatever else the machine runs", async () => {
    // The child spins until it has used 400 ms of its own CPU (not of the wall clock), then waits.
    const script = `process.stdin.once('data', () => { const start = process.cpuUsage(); while (true) { const u = process.cpuUsage(start); if (u.user + u.system >= 400e3) break } console.log('burnt') }); console.log('ready')`
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
      expect((await lines.next()).value).toBe('ready')
      const before = cpuMsOf(child.pid!)
      child.stdin!.write('go\n')
      expect((await lines.next()).value).toBe('burnt')
      // Clock ticks of 10 ms: each of user and system time may read up to one tick short.
      expect(cpuMsOf(child.pid!) - before).toBeGreaterThanOrEqual(380)
    } finally {
      child.kill()
      await once(child, 'exit')
    }
  })
})
