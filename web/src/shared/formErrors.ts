// Maps a 422/409 answer that names a field (details.field) onto a form's fields, so the page
// can mark the input the server complained about.
import { ApiError } from './api'

/**
 * Returns {field, message} when the error names one of the form's fields, else null.
 * `aliases` maps server field names to form field names where they differ.
 */
export function fieldError(
  e: unknown,
  formFields: readonly string[],
  aliases: Record<string, string> = {},
): { field: string; message: string } | null {
  if (!(e instanceof ApiError) || (e.status !== 422 && e.status !== 400 && e.status !== 409)) return null
  const raw = e.field
  if (!raw) return null
  const field = aliases[raw] ?? raw
  return formFields.includes(field) ? { field, message: e.message } : null
}

/** Empties every entry of a field-error map. */
export function clearErrors(errors: Record<string, string>): void {
  for (const k of Object.keys(errors)) errors[k] = ''
}
