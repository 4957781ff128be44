import type { Context } from 'hono'
import type { AppEnv } from '../env'

/** The extra fields of a category (intake, the case page), from the reference data: no round trip of its own. */
export async function serviceFieldsOf(c: Context<AppEnv>, categoryId: number) {
  return (await c.var.reference.get()).serviceFields.get(categoryId) ?? []
}
