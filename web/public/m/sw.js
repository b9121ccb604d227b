// The inspectors' pages keep working offline (DR-9): the app shell and its assets are kept in
// the cache as they are fetched, and served from it when the network is not there. The API is
// never cached here: the pages keep their own copies and queue what they record (fieldQueue.ts).
const CACHE = 'zhifa-m-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()))

// The page lists what it loaded before this worker controlled it (the shell, its scripts and
// styles), so that a reload without a network finds them.
self.addEventListener('message', (e) => {
  const urls = (e.data && e.data.type === 'precache' && Array.isArray(e.data.urls)) ? e.data.urls : []
  e.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(
        urls.map((u) =>
          fetch(u)
            .then((res) => (res.ok ? c.put(u, res) : undefined))
            .catch(() => undefined),
        ),
      ),
    ),
  )
})

self.addEventListener('fetch', (e) => {
  const req = e.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  const shell = req.mode === 'navigate' && url.pathname.startsWith('/m')
  if (!shell && !url.pathname.startsWith('/assets/') && !url.pathname.startsWith('/m/')) return
  const key = shell ? '/m/' : req
  e.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone()
          caches.open(CACHE).then((c) => c.put(key, copy))
        }
        return res
      })
      .catch(() => caches.match(key).then((hit) => hit || Response.error())),
  )
})
