// Sigap's service worker: shows the alerts pushed to this browser (Web Push) and opens the case on a tap.
self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {}
  event.waitUntil(self.registration.showNotification(data.title || 'Sigap', { body: data.body || '', tag: data.tag, data: { url: data.url || '/alerts' } }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  // Only links into Sigap itself are opened.
  const url = new URL(event.notification.data.url, self.location.origin)
  event.waitUntil(self.clients.openWindow(url.origin === self.location.origin ? url.href : '/alerts'))
})
