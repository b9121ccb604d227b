// Read-through copies of what the inspector's pages show (tasks, forms, inspections, devices),
// kept in localStorage so that a page opened offline, or reloaded while offline, still shows
// the last answer the server gave.
import { ApiError } from '@/shared/api'

const PREFIX = 'zhifa-m:'

export function cacheRead<T>(key: string): T | undefined {
  try {
    const s = localStorage.getItem(PREFIX + key)
    return s ? (JSON.parse(s) as T) : undefined
  } catch {
    return undefined
  }
}

export function cacheWrite(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // full: the page still has the live answer
  }
}

/** The server's answer (remembered), or the remembered one when the server cannot be reached. */
export async function cachedGet<T>(key: string, fetcher: () => Promise<T>): Promise<T | undefined> {
  try {
    const v = await fetcher()
    cacheWrite(key, v)
    return v
  } catch (e) {
    if (e instanceof ApiError && e.status !== 0) throw e
    return cacheRead<T>(key)
  }
}
