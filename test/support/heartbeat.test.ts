import { describe, expect, it } from 'vitest'
import type { TestCase, TestModule, TestSpecification } from 'vitest/node'
import { Heartbeat } from './heartbeat'

describe('Heartbeat reporter', () => {
  it('names the tests still running and how far the run is', () => {
    const lines: string[] = []
    let now = 1_000
    const beat = new Heartbeat(30_000, (line) => lines.push(line), () => now)
    const test = (name: string) => ({ fullName: name, module: { relativeModuleId: 'test/x.test.ts' } }) as unknown as TestCase
    const slow = test('slow one')
    const quick = test('quick one')
    beat.onTestRunStart([{}, {}] as unknown as TestSpecification[])
    beat.onTestCaseReady(slow)
    now += 10_000
    beat.onTestCaseReady(quick)
    beat.onTestCaseResult(quick)
    beat.onTestModuleEnd({} as TestModule)
    now += 35_000
    beat.beat()
    beat.onTestRunEnd()
    expect(lines).toEqual(['[45 s] 1 of 2 test files done', '  still running (45 s): test/x.test.ts > slow one', '0 passed, 0 failed'])
  })

  it('closes with the plain count CI reads', () => {
    const lines: string[] = []
    const beat = new Heartbeat(30_000, (line) => lines.push(line))
    const ended = (...states: string[]) =>
      ({ children: { allTests: () => states.map((state) => ({ result: () => ({ state }) })) } }) as unknown as TestModule
    beat.onTestRunStart([])
    beat.onTestRunEnd([ended('passed', 'passed', 'failed'), ended('passed', 'skipped')])
    expect(lines).toEqual(['3 passed, 1 failed, 1 skipped'])
  })
})
