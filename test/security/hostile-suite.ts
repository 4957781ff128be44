// The corpus and fast-check runs over a group of form sources; each test file takes a group, so
// that vitest spreads them over the cores.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { basePairs, checker, formKey, openForms, sources, typedFields, type Checker, type OpenForm, type Source } from './hostile-forms'
import { coreValues, corpusSample, corpusValues } from './hostile'
import { createWorld, watchChanges, type World } from './world'

// More runs nightly (SECURITY.md (c)): FC_RUNS=1000 SIGAP_HOSTILE_FULL=1 npx vitest run test/security;
// FC_SEED=<seed> replays a failure.
const numRuns = Number(process.env.FC_RUNS) || 50
const seed = Number(process.env.FC_SEED) || Date.now() % 2_147_483_647
const timeout = 120_000

export function hostileFormSuite(title: string, pick: (s: Source) => boolean) {
  describe(title, () => {
    let w: World
    let check: Checker
    let nth = 0
    beforeAll(async () => {
      w = await createWorld()
      await w.t.addUser('operator', { username: 'masuk' })
      check = await checker(w, await watchChanges(w.t))
    })
    afterAll(() => console.log(`${title}: inputs tried: ${check.tried} (fast-check seed ${seed})`))

    for (const source of sources.filter(pick)) {
      /** The source's forms, reopened after an accepted post (a new case, a fresh form token). */
      async function forms(): Promise<Map<string, OpenForm>> {
        return new Map((await openForms(w, source)).filter((o) => typedFields(o.form).length > 0).map((o) => [formKey(o.form), o]))
      }

      it(`${source.name}: corpus values in every field answer without a 5xx or unescaped reflection; refusals keep values and write nothing`, { timeout }, async () => {
        const corpus = corpusValues()
        let open = await forms()
        for (const key of [...open.keys()]) {
          const fields = typedFields(open.get(key)!.form)
          const values = corpusSample(corpus, nth++)
          // Request i puts value i + 7j into field j: every field gets every value of the sample.
          for (let i = 0; i < values.length; i++) {
            const current = open.get(key)
            if (!current) break
            const pairs: [string, string][] = fields.map((f, j) => [f.name, values[(i + 7 * j) % values.length]!])
            if (await check.send(current, pairs, `${source.name} ${key} #${i}`)) open = await forms()
          }
          // The worst values one field at a time in an otherwise valid form: accepted ones are stored and shown.
          for (const f of fields) {
            for (const value of coreValues()) {
              const current = open.get(key)
              if (!current) break
              const pairs = basePairs(current).filter(([name]) => name !== f.name)
              pairs.push([f.name, value])
              if (await check.send(current, pairs, `${source.name} ${key} ${f.name}=${JSON.stringify(value.slice(0, 40))}`, { follow: true })) open = await forms()
            }
          }
        }
      })

      it(`${source.name}: holds for generated input (fast-check, ${numRuns} runs)`, { timeout }, async () => {
        let open = await forms()
        const keys = [...open.keys()]
        if (keys.length === 0) return
        const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...coreValues()))
        const names = [...new Set([...open.values()].flatMap((o) => typedFields(o.form).map((f) => f.name)))]
        const typed = fc.record(Object.fromEntries(names.map((n) => [n, fc.option(text, { nil: undefined })])) as Record<string, fc.Arbitrary<string | undefined>>)
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...keys), typed, async (key, values) => {
            const current = open.get(key)
            if (!current) return
            const own = new Set(typedFields(current.form).map((f) => f.name))
            const pairs = basePairs(current).filter(([name]) => !own.has(name) || values[name] === undefined)
            for (const [name, value] of Object.entries(values)) if (value !== undefined && own.has(name)) pairs.push([name, value])
            if (await check.send(current, pairs, `${source.name} ${key} (fast-check)`)) open = await forms()
          }),
          { numRuns, seed },
        )
      })
    }
  })
}
