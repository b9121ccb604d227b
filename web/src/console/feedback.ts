// How the console tells the user that something failed: the server's Chinese message in an
// ElMessage, and for an answer naming a field, the field's error text in the form as well.
import { ElMessage } from 'element-plus'
import { errorMessage, isHandledAuthError } from '@/shared/api'
import { fieldError } from '@/shared/formErrors'

export function showError(e: unknown): void {
  if (isHandledAuthError(e)) return
  ElMessage.error({ message: errorMessage(e), grouping: true })
}

/** Shows the error; when it names one of `errors`' keys, sets that field's text too. */
export function showFormError(e: unknown, errors: Record<string, string>, aliases: Record<string, string> = {}): void {
  const fe = fieldError(e, Object.keys(errors), aliases)
  if (fe) errors[fe.field] = fe.message
  showError(e)
}

export function showSuccess(message: string): void {
  ElMessage.success({ message, grouping: true })
}
