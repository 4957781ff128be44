import { defineConfig } from 'vitest/config'
import { Heartbeat } from './test/support/heartbeat'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Catch hangs only: tests are bounded by events, and a busy CI machine runs them 3–4× slower.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // In a terminal the default reporter shows what runs; in a log (CI) it needs the heartbeat.
    reporters: process.stdout.isTTY ? ['default'] : ['default', new Heartbeat()],
  },
})
