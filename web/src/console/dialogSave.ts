// Saving a console dialog: the saving flag on the button, the success message, closing the
// dialog and reloading what it changed. A refused save keeps the dialog open with the server's
// message in an ElMessage and beside the field it names (details.field).
import { ApiError } from '@/shared/api'
import { showError, showSuccess } from './feedback'

export interface SaveDialogOptions {
  /** Put a named field's message in `errors` even when the form has no such key yet. */
  anyField?: boolean
  /** What to reload once saved (the list behind the dialog). */
  then?: () => Promise<unknown> | void
}

/** Runs `save`; true when it succeeded. */
export async function saveDialog(
  dialog: { visible: boolean; saving: boolean },
  errors: Record<string, string>,
  save: () => Promise<unknown>,
  success: string,
  opts: SaveDialogOptions = {},
): Promise<boolean> {
  dialog.saving = true
  try {
    await save()
    showSuccess(success)
    dialog.visible = false
    await opts.then?.()
    return true
  } catch (e) {
    if (e instanceof ApiError && e.field && (opts.anyField || e.field in errors)) errors[e.field] = e.message
    showError(e)
    return false
  } finally {
    dialog.saving = false
  }
}
