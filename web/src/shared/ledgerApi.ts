// The public ledger endpoints (no login), shared by the portal's 记录核验 page and the console's
// operation log. The answers are only data: ledgerProof.ts decides whether they hold.
import { api, apiUrl, ApiError } from './api'
import type { ConsistencyJson, LedgerKeys, ProofJson } from './ledgerProof'

/** One row of GET /api/v1/ledger/checkpoints. */
export interface CheckpointRow {
  size: number
  root: string
  at: string
  note: string
}

/** GET a text answer; an error answer becomes an ApiError with the server's message. */
export async function getText(path: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(apiUrl(path), { credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network.unreachable', '无法连接服务器，请检查网络后重试')
  }
  const text = await res.text()
  if (!res.ok) {
    let e: { code?: string; message?: string } | undefined
    try {
      e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error
    } catch {
      e = undefined
    }
    throw new ApiError(res.status, e?.code ?? `http.${res.status}`, e?.message ?? `请求失败（HTTP ${res.status}）`)
  }
  return text
}

let keysCache: Promise<LedgerKeys> | null = null

export const ledgerApi = {
  /** The log's origin, hash and verifier keys; fetched once per page load. */
  keys(): Promise<LedgerKeys> {
    if (!keysCache) {
      keysCache = api.get<LedgerKeys>('/ledger/keys')
      keysCache.catch(() => {
        keysCache = null
      })
    }
    return keysCache
  },
  async latestCheckpoint(): Promise<CheckpointRow | null> {
    const r = await api.get<{ items: CheckpointRow[] }>('/ledger/checkpoints', { page: 1, page_size: 1 })
    return r.items[0] ?? null
  },
  /** The latest signed checkpoint, as the note text (404 ledger.no_checkpoint before the first). */
  checkpoint: () => getText('/ledger/checkpoint'),
  async checkpoints(page: number, pageSize: number): Promise<CheckpointRow[]> {
    const r = await api.get<{ items: CheckpointRow[] }>('/ledger/checkpoints', { page, page_size: pageSize })
    return r.items
  },
  /** The inclusion proof of entry `seq`, for a tree of `size` (default: the checkpoint covering it). */
  proof: (seq: number, size?: number | bigint) => api.get<ProofJson>(`/ledger/entries/${seq}/proof`, size === undefined ? undefined : { size: String(size) }),
  tlogProof: (seq: number) => getText(`/ledger/entries/${seq}/tlog-proof`),
  consistency: (from: number | bigint, to: number | bigint) => api.get<ConsistencyJson>('/ledger/consistency', { from: String(from), to: String(to) }),
}

export const tlogProofUrl = (seq: number) => apiUrl(`/ledger/entries/${seq}/tlog-proof`)
export const qrUrl = (seq: number) => apiUrl(`/ledger/entries/${seq}/qr`)
