// Sigap's service worker, one script for both runtimes:
// - Web Push: shows the alerts pushed to this browser and opens the case on a tap.
// - A facilitator's pages without signal (issue 22): a page is kept only when its response says
//   `Sigap-Offline: keep` (Kasus saya and the facilitator's own open cases), filed under the user
//   named by `Sigap-User`, always fetched from the network first, shown at most 12 hours (the
//   session's limit) and only to that user; removed at sign-out, on the sign-in page (the session
//   ended), when another user signs in and when a case leaves the facilitator's hands.
// - Their actions (accept, visit, refer, resolve) queued on the phone when sending fails, sent in
//   order when the signal returns; each carries its form's idempotency key, so sending twice saves once.
var PAGES = 'sigap-pages'
var STATIC = 'sigap-static'
var MAX_AGE = 12 * 3600 * 1000
var ACTION = /^\/cases\/(\d+)\/(accept|visit|refer|resolve)$/
var CASE = /^\/cases\/\d+$/

self.addEventListener('push', function (event) {
  var data = event.data ? event.data.json() : {}
  event.waitUntil(self.registration.showNotification(data.title || 'Sigap', { body: data.body || '', tag: data.tag, data: { url: data.url || '/alerts' } }))
})

self.addEventListener('notificationclick', function (event) {
  event.notification.close()
  // Only links into Sigap itself are opened.
  var url = new URL(event.notification.data.url, self.location.origin)
  event.waitUntil(self.clients.openWindow(url.origin === self.location.origin ? url.href : '/alerts'))
})

// A new release's worker takes over at once; pages come from the network first, so none is stale.
self.addEventListener('install', function () { self.skipWaiting() })
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()) })

// --- IndexedDB: the queue (in order) and the signed-in user --------------------------------------
function idb() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open('sigap', 1)
    open.onupgradeneeded = function () {
      open.result.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true })
      open.result.createObjectStore('meta')
    }
    open.onsuccess = function () { resolve(open.result) }
    open.onerror = function () { reject(open.error) }
  })
}
function store(name, mode, work) {
  return idb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(name, mode)
      var req = work(tx.objectStore(name))
      tx.oncomplete = function () { db.close(); resolve(req && req.result) }
      tx.onerror = function () { db.close(); reject(tx.error) }
    })
  })
}
var currentUser = function () { return store('meta', 'readonly', function (s) { return s.get('user') }) }
var queued = function () { return store('queue', 'readonly', function (s) { return s.getAll() }) }

function forgetPages() {
  return Promise.all([caches.delete(PAGES), caches.delete(STATIC)])
}
function forgetAll() {
  return Promise.all([forgetPages(), store('queue', 'readwrite', function (s) { return s.clear() }), store('meta', 'readwrite', function (s) { return s.clear() })])
}

// --- Pages -------------------------------------------------------------------------------------
self.addEventListener('fetch', function (event) {
  var req = event.request
  var url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (req.method === 'POST' && url.pathname === '/logout') {
    // Nothing of the facilitator stays on the phone after sign-out, signal or not.
    event.respondWith(forgetAll().then(function () { return fetch(req) }).catch(offlinePage))
  } else if (req.method === 'POST' && req.mode === 'navigate' && ACTION.test(url.pathname)) {
    event.respondWith(sendOrQueue(req, url))
  } else if (req.method === 'GET' && url.pathname.indexOf('/static/') === 0) {
    event.respondWith(caches.match(req, { cacheName: STATIC }).then(function (hit) { return hit || fetch(req) }))
  } else if (req.method === 'GET' && req.mode === 'navigate') {
    event.respondWith(navigate(event, req, url))
  }
})

// A weak signal that neither answers nor fails: the kept copy after this long, the answer kept when it comes.
var PATIENCE = 6000

function navigate(event, req, url) {
  if (url.searchParams.has('tertolak')) return refusedPage(url)
  var network = fetch(req).then(function (res) {
    event.waitUntil(learn(url, res.clone()))
    return res
  })
  event.waitUntil(network.catch(function () {}))
  var impatient = new Promise(function (resolve) { setTimeout(resolve, PATIENCE) }).then(function () { return copyOf(url.pathname) })
  return Promise.race([network, impatient.then(function (copy) { return copy || network })]).catch(function () {
    return copyOf(url.pathname).then(function (copy) { return copy || offlinePage() })
  })
}

/** What an answer from the server says: who is signed in, and whether the page may stay on the phone. */
async function learn(url, res) {
  var user = res.headers.get('Sigap-User')
  // The sign-in form is shown only to someone signed out: the session ended, its copies go.
  if (url.pathname === '/login' && res.status === 200) return forgetPages()
  if (!user) return
  if (user !== (await currentUser())) {
    await forgetAll()
    await store('meta', 'readwrite', function (s) { return s.put(user, 'user') })
  }
  if (url.search !== '' || res.status >= 500) return
  if (res.status === 200 && res.headers.get('Sigap-Offline') === 'keep') await keep(url.pathname, res, user)
  else await (await caches.open(PAGES)).delete(url.pathname)
  if (url.pathname === '/my-cases' && res.headers.has('Sigap-Offline-Cases')) await fetchAhead(res.headers.get('Sigap-Offline-Cases'))
}

async function keep(path, res, user) {
  var html = await res.text()
  var pages = await caches.open(PAGES)
  await pages.put(path, new Response(html, { headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Sigap-User': user, 'Sigap-Synced': String(Date.now()) } }))
  // The page's own styles and scripts, so that it looks and works the same without signal.
  var assets = await caches.open(STATIC)
  var urls = html.match(/\/static\/[\w.-]+/g) || []
  for (var i = 0; i < urls.length; i++) if (!(await assets.match(urls[i]))) await assets.add(urls[i]).catch(function () {})
}

/** Kasus saya names the cases the phone keeps: others go, missing ones are fetched one by one. */
async function fetchAhead(list) {
  var ids = list ? list.split(',') : []
  var pages = await caches.open(PAGES)
  var kept = await pages.keys()
  for (var i = 0; i < kept.length; i++) {
    var path = new URL(kept[i].url).pathname
    if (CASE.test(path) && ids.indexOf(path.slice(7)) < 0) await pages.delete(kept[i])
  }
  for (var j = 0; j < ids.length; j++) {
    if (await pages.match('/cases/' + ids[j])) continue
    var res = await fetch('/cases/' + ids[j]).catch(function () { return null })
    if (!res) return
    await learn(new URL('/cases/' + ids[j], self.location.origin), res)
  }
}

async function copyOf(path) {
  var user = await currentUser()
  var copy = await caches.match(path, { cacheName: PAGES })
  if (!copy) return null
  if (copy.headers.get('Sigap-User') !== user || Date.now() - Number(copy.headers.get('Sigap-Synced')) > MAX_AGE) {
    await (await caches.open(PAGES)).delete(path)
    return null
  }
  // The page says it is the phone's copy, and of when.
  var html = (await copy.text()).replace('data-offline-note="true" hidden=""', 'data-offline-note="true"')
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=UTF-8' } })
}

function offlinePage() {
  var html = '<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tanpa sinyal · Sigap</title>' +
    '<p>Tanpa sinyal, dan halaman ini tidak tersimpan di ponsel.</p><p><a href="/my-cases">Buka Kasus saya</a></p>'
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=UTF-8' } })
}

// --- The queue of actions ------------------------------------------------------------------------
async function sendOrQueue(req, url) {
  var copy = req.clone()
  try {
    return await fetch(req)
  } catch (err) {
    var form = await copy.formData()
    var fields = []
    form.forEach(function (value, name) { fields.push([name, value]) })
    var entry = { user: await currentUser(), caseId: url.pathname.split('/')[2], url: url.pathname, version: form.get('version'), fields: fields, state: 'pending' }
    await store('queue', 'readwrite', function (s) { return s.add(entry) })
    if (self.registration.sync) self.registration.sync.register('sigap-queue').catch(function () {})
    return Response.redirect('/cases/' + entry.caseId, 303)
  }
}

var flushing = null
function flush() {
  flushing = flushing || send().finally(function () { flushing = null })
  return flushing
}

/** Sends the queue in order; stops at the first failure to reach the server, to try again later. */
async function send() {
  var user = await currentUser()
  var entries = (await queued()).filter(function (e) { return e.state === 'pending' && e.user === user })
  // Actions made one after another on the same kept page carry its version; each one saved moves
  // the case on by one, so the next is sent on the version that follows its own predecessor.
  var moved = {}
  var touched = {}
  var result = { sent: 0, stopped: null }
  for (var i = 0; i < entries.length; i++) {
    var e = entries[i]
    var m = moved[e.caseId]
    var version = m && m.from === e.version ? m.to : e.version
    var body = new FormData()
    e.fields.forEach(function (f) { body.append(f[0], f[0] === 'version' ? version : f[1]) })
    // Sent as its maker's: the server refuses it (401) while someone else is signed in.
    var res = await fetch(e.url, { method: 'POST', body: body, headers: { 'Sigap-User': e.user } }).catch(function () { return null })
    if (!res) { result.stopped = 'signal'; break }
    if (res.ok && res.redirected && new URL(res.url).pathname === '/cases/' + e.caseId) {
      moved[e.caseId] = { from: e.version, to: String(Number(version) + 1) }
      touched[e.caseId] = true
      result.sent++
      await store('queue', 'readwrite', function (s) { return s.delete(e.seq) })
    } else if ([403, 404, 409, 413, 422].indexOf(res.status) >= 0) {
      // The case moved (reassigned, closed) or the form is wrong: nothing was saved. The server's
      // answer, the case as it is now with the typed values, waits for the facilitator to redo it.
      // The note travels with it, for an action the case no longer allows (the page has no form for it then).
      var note = e.fields.filter(function (f) { return f[0] === 'note' })[0]
      touched[e.caseId] = true
      var refused = { seq: e.seq, user: e.user, caseId: e.caseId, url: e.url, state: 'refused', note: note ? note[1] : '', page: await res.text() }
      await store('queue', 'readwrite', function (s) { return s.put(refused) })
    } else {
      result.stopped = res.status === 401 ? 'login' : 'server'
      break
    }
  }
  // The cases sent to are fetched again: the copy shows the new state, or goes if the case left.
  for (var id in touched) {
    var fresh = await fetch('/cases/' + id).catch(function () { return null })
    if (fresh) await learn(new URL('/cases/' + id, self.location.origin), fresh)
  }
  return result
}

async function refusedPage(url) {
  var seq = Number(url.searchParams.get('tertolak'))
  var user = await currentUser()
  var entry = (await queued()).filter(function (e) { return e.seq === seq && e.state === 'refused' && e.user === user })[0]
  if (!entry) return Response.redirect(url.pathname, 303)
  // Shown once: the page holds the typed values, the facilitator redoes the action from there.
  await store('queue', 'readwrite', function (s) { return s.delete(seq) })
  return new Response(entry.page, { status: 409, headers: { 'Content-Type': 'text/html; charset=UTF-8' } })
}

/** The queue as the page shows it: how many wait, how many were just sent, which came back refused. */
async function report(result) {
  var user = await currentUser()
  var mine = (await queued()).filter(function (e) { return e.user === user })
  return {
    pending: mine.filter(function (e) { return e.state === 'pending' }).length,
    sent: result.sent,
    stopped: result.stopped,
    refused: mine.filter(function (e) { return e.state === 'refused' }).map(function (e) {
      var title = /<title>([^<]*?)(?: · Sigap)?<\/title>/.exec(e.page)
      return { href: '/cases/' + e.caseId + '?tertolak=' + e.seq, title: title ? title[1] : 'Kasus', note: e.note }
    }),
  }
}

function flushAndTell() {
  return flush().then(report).then(function (state) {
    return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) { clients.forEach(function (c) { c.postMessage(state) }) })
  })
}

// Sent when a page loads, when the phone comes back online (the page asks), and by Background Sync.
self.addEventListener('message', function (event) {
  if (event.data !== 'flush') return
  var client = event.source && new URL(event.source.url)
  // A page loaded before this worker controlled it went past it: keep its copy now.
  var first = client && (client.pathname === '/my-cases' || CASE.test(client.pathname)) && client.search === ''
    ? caches.match(client.pathname, { cacheName: PAGES }).then(function (hit) {
        return hit || fetch(client.pathname).then(function (res) { return learn(client, res) }, function () {})
      })
    : Promise.resolve()
  event.waitUntil(first.then(flushAndTell))
})
self.addEventListener('sync', function (event) {
  if (event.tag !== 'sigap-queue') return
  event.waitUntil(flushAndTell().then(function () {
    return queued().then(function (all) {
      if (all.some(function (e) { return e.state === 'pending' })) throw new Error('still waiting for signal')
    })
  }))
})
