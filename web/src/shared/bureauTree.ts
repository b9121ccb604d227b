// Builds the bureau tree from the flat list GET /api/v1/bureaus answers. The list is already
// limited to the user's scope, so a bureau whose parent is not in it is a root of the tree.
import type { Bureau } from './types'

export interface BureauNode extends Bureau {
  children: BureauNode[]
}

const LEVEL_ORDER: Record<string, number> = { province: 1, city: 2, county: 3, unit: 4 }

function compare(a: Bureau, b: Bureau): number {
  // Statistics bureaus before their directly attached units, then by code.
  const ua = a.level === 'unit' ? 1 : 0
  const ub = b.level === 'unit' ? 1 : 0
  if (ua !== ub) return ua - ub
  const la = LEVEL_ORDER[a.level] ?? 9
  const lb = LEVEL_ORDER[b.level] ?? 9
  if (la !== lb) return la - lb
  return a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id
}

export function buildBureauTree(items: readonly Bureau[]): BureauNode[] {
  const nodes = new Map<number, BureauNode>()
  for (const b of items) nodes.set(b.id, { ...b, children: [] })
  const roots: BureauNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parent_id != null ? nodes.get(n.parent_id) : undefined
    if (parent && parent !== n && !isAncestor(n, parent, nodes)) parent.children.push(n)
    else roots.push(n)
  }
  const sortRec = (list: BureauNode[]) => {
    list.sort(compare)
    for (const c of list) sortRec(c.children)
  }
  sortRec(roots)
  return roots
}

// Guards against a cycle in bad data: is `node` an ancestor of `candidate`?
function isAncestor(node: BureauNode, candidate: BureauNode, nodes: Map<number, BureauNode>): boolean {
  const seen = new Set<number>()
  let cur: BureauNode | undefined = candidate
  while (cur && cur.parent_id != null && !seen.has(cur.id)) {
    seen.add(cur.id)
    if (cur.parent_id === node.id) return true
    cur = nodes.get(cur.parent_id)
  }
  return false
}

/** Depth-first list of every node in the tree. */
export function flattenTree(roots: readonly BureauNode[]): BureauNode[] {
  const out: BureauNode[] = []
  const walk = (list: readonly BureauNode[]) => {
    for (const n of list) {
      out.push(n)
      walk(n.children)
    }
  }
  walk(roots)
  return out
}

/** Names from the root down to the bureau with this id ([] when absent). */
export function bureauPath(items: readonly Bureau[], id: number): string[] {
  const byId = new Map(items.map((b) => [b.id, b]))
  const names: string[] = []
  const seen = new Set<number>()
  let cur = byId.get(id)
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    names.unshift(cur.name)
    cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined
  }
  return names
}
