import type { Context } from 'hono'
import { categoryFormOf } from '../db/queries/dispatch'
import { defaultServiceFields, readFields } from '../domain/service-fields'
import type { AppEnv } from '../env'

/** The extra fields of a category (intake, the case page): the admin's list, else the built-in defaults. */
export async function serviceFieldsOf(c: Context<AppEnv>, categoryId: number) {
  const form = await categoryFormOf(c.var.db, categoryId)
  return form ? readFields(form.fields, defaultServiceFields[form.code] ?? []) : []
}
