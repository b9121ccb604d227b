// Runs the in-browser verification in a Web Worker when the browser has them, else on the page
// (after letting it paint "verifying").
import { verifyDraw, type DrawVerifyReport } from '@/shared/drawVerify'

export function runDrawVerification(certificate: string, pool: string | Uint8Array): Promise<DrawVerifyReport> {
  if (typeof Worker === 'undefined') return new Promise((r) => setTimeout(() => r(verifyDraw(certificate, pool)), 0))
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(new URL('./DrawVerifyWorker.ts', import.meta.url), { type: 'module' })
    } catch {
      setTimeout(() => resolve(verifyDraw(certificate, pool)), 0)
      return
    }
    worker.onmessage = (e: MessageEvent<DrawVerifyReport>) => {
      worker.terminate()
      resolve(e.data)
    }
    worker.onerror = () => {
      worker.terminate()
      resolve(verifyDraw(certificate, pool)) // a worker that cannot start: do it here
    }
    worker.postMessage({ certificate, pool })
  })
}
