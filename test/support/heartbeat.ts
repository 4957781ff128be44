// Progress for `npm test` in a log (CI): without a terminal, vitest's default reporter prints a file
// only once it has finished, and a file of long tests (the hostile-input suites, the crash test) was
// silent for minutes on a busy machine. Every 30 s this prints how far the run is and which tests
// are still running, and for how long. At the end it prints the count as one plain line
// ("834 passed, 0 failed", alone on its line), the closing line CI reads to know how many tests ran.
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node'

export class Heartbeat implements Reporter {
  private readonly running = new Map<TestCase, number>()
  private files = 0
  private done = 0
  private started = 0
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly everyMs = 30_000,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly now = () => performance.now(),
  ) {}

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>) {
    this.files = specifications.length
    this.started = this.now()
    this.timer = setInterval(() => this.beat(), this.everyMs)
    this.timer.unref()
  }
  onTestCaseReady(test: TestCase) {
    this.running.set(test, this.now())
  }
  onTestCaseResult(test: TestCase) {
    this.running.delete(test)
  }
  onTestModuleEnd(_module: TestModule) {
    this.done++
  }
  onTestRunEnd(modules: ReadonlyArray<TestModule> = []) {
    clearInterval(this.timer)
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 }
    for (const module of modules) for (const test of module.children.allTests()) count[test.result().state]++
    const skipped = count.skipped + count.pending
    this.write(`${count.passed} passed, ${count.failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  }

  beat() {
    const at = this.now()
    const seconds = (ms: number) => `${Math.round(ms / 1000)} s`
    this.write(`[${seconds(at - this.started)}] ${this.done} of ${this.files} test files done`)
    for (const [test, since] of this.running) this.write(`  still running (${seconds(at - since)}): ${test.module.relativeModuleId} > ${test.fullName}`)
  }
}
