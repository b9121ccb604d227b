// Re-runs a draw off the page's thread (drawVerify.ts), so that hashing a pool of ten thousand
// rows never freezes the portal on a phone. One message in (the two files), one report out.
import { verifyDraw } from '@/shared/drawVerify'

self.onmessage = (e: MessageEvent<{ certificate: string; pool: string | Uint8Array }>) => {
  self.postMessage(verifyDraw(e.data.certificate, e.data.pool))
}
