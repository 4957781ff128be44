import { readConfig, type Config } from '../../worker/config'

// Tests hash with few iterations to stay fast; the production work factors are asserted in
// test/security/password.test.ts.
export const testIterations = 1_000

export function testConfig(env: Record<string, string> = {}): Config {
  return { ...readConfig({ SIGAP_ORIGIN: 'http://localhost', SIGAP_PEPPER: 'test-pepper', ...env }, 'node'), passwordIterations: testIterations }
}
