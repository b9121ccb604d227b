// Enforcement documents (执法文书) of any record: the list of a record's documents, one document's
// rendering with the record of its generations, the A4 HTML and PDF addresses, and the signed
// scan linked back (docs/documents.md). The console's DocumentView shows them; the pages of
// inspections and cases link to /console/documents/{owner_kind}/{owner_id}/{code}.
import { api, apiUrl } from './api'

/** One recorded generation: the PDF's hash and the ledger entry the document renders. */
export interface DocumentGeneration {
  id: number
  owner_kind: string
  owner_id: string
  template_code: string
  title: string
  bureau_id: number
  pdf_hash: string
  rendered_seq: number
  created_by: number
  created_at: string
  ledger_seq: number
  /** The content differs from the generation before it. */
  changed: boolean
}

export interface DocumentScan {
  id: number
  evidence_id: number
  ledger_seq: number
  created_at: string
}

export interface DocumentListItem {
  template_code: string
  title: string
  last: DocumentGeneration | null
}

/** GET /api/v1/documents/{kind}/{owner}/{code}: the document rendered now. */
export interface RenderedDocument {
  template_code: string
  title: string
  number: string
  bureau_name: string
  party_name: string
  rendered_seq: number
  entry_hash: string
  record: DocumentGeneration
  generations: DocumentGeneration[]
  scans: DocumentScan[]
  html: string
}

const seg = (s: string | number) => encodeURIComponent(String(s))
const base = (kind: string, owner: string | number) => `/documents/${seg(kind)}/${seg(owner)}`

/** Where the console shows a document (the link owners put on their pages). */
export const documentPage = (kind: string, owner: string | number, code: string) =>
  `/documents/${seg(kind)}/${seg(owner)}/${seg(code)}`

export const documentsApi = {
  list: (kind: string, owner: string | number) => api.get<{ items: DocumentListItem[] }>(base(kind, owner)),
  get: (kind: string, owner: string | number, code: string) => api.get<RenderedDocument>(`${base(kind, owner)}/${seg(code)}`),
  attachScan: (kind: string, owner: string | number, code: string, evidenceId: number) =>
    api.post<DocumentScan>(`${base(kind, owner)}/${seg(code)}/scan`, { evidence_id: evidenceId }),
}

export const documentPdfUrl = (kind: string, owner: string | number, code: string) => apiUrl(`${base(kind, owner)}/${seg(code)}.pdf`)
export const documentHtmlUrl = (kind: string, owner: string | number, code: string) => apiUrl(`${base(kind, owner)}/${seg(code)}.html`)

/** One line per generation, newest first: when, the hash's head, and whether the content changed. */
export function describeGenerations(gens: readonly DocumentGeneration[]): string[] {
  return [...gens].reverse().map((g, i, all) => {
    const first = i === all.length - 1
    const what = first ? '首次生成' : g.changed ? '内容有变化' : '内容未变'
    return `${g.created_at.slice(0, 19).replace('T', ' ')} UTC · ${what} · 哈希 ${g.pdf_hash.slice(0, 16)}… · 依据记录第 ${g.rendered_seq} 条`
  })
}
