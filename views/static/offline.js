// A facilitator's pages only (issue 22): registers the service worker (views/static/sw.js), asks it
// to send the queued actions at every page load and when the signal returns, and shows the queue.
(function () {
  if (!('serviceWorker' in navigator)) return
  // A kept page is shown again and again without signal: each showing gives the action forms keys
  // of their own, so two actions sent from one copy are two actions, and one sent twice is one.
  document.querySelectorAll('form[action^="/cases/"] input[name=idem]').forEach(function (input) {
    var bytes = crypto.getRandomValues(new Uint8Array(18))
    input.value = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_')
  })
  var strip = document.querySelector('[data-sync]')
  function line(text, link) {
    var p = document.createElement('p')
    p.textContent = text
    if (link) {
      var a = document.createElement('a')
      a.href = link.href
      a.textContent = link.text
      p.append(' ', a)
    }
    return p
  }
  var pending = 0
  // Signing out empties the phone, the queue too: not without asking while actions still wait.
  document.addEventListener('submit', function (event) {
    if (pending && event.target.matches('form[action="/logout"]') &&
      !confirm(pending + ' tindakan belum terkirim dan akan terhapus bila Anda keluar. Tetap keluar?')) event.preventDefault()
  })
  navigator.serviceWorker.addEventListener('message', function (event) {
    var s = event.data
    if (!strip || !s) return
    pending = s.pending
    var lines = []
    if (s.pending) {
      lines.push(line(s.stopped === 'login'
        ? 'Belum terkirim (' + s.pending + '): sesi sudah berakhir. Masuk lagi, lalu tindakan dikirim otomatis.'
        : 'Menunggu sinyal (' + s.pending + '): tindakan tersimpan di ponsel dan dikirim otomatis saat sinyal kembali.'))
    }
    if (s.sent) lines.push(line('Terkirim (' + s.sent + '): tindakan dari ponsel sudah tersimpan di server.'))
    s.refused.forEach(function (r) {
      lines.push(line('Ditolak: tindakan pada ' + r.title + ' tidak disimpan karena kasusnya sudah berubah atau isiannya perlu diperiksa.' +
        (r.note ? ' Catatan Anda: “' + r.note + '”.' : ''), { href: r.href, text: 'Lihat dan ulangi' }))
    })
    strip.replaceChildren.apply(strip, lines)
    strip.className = 'notice' + (s.refused.length ? ' bad' : s.pending ? ' warn' : '')
    strip.hidden = lines.length === 0
  })
  function flush() {
    navigator.serviceWorker.ready.then(function (registration) { registration.active.postMessage('flush') })
  }
  navigator.serviceWorker.register('/sw.js').then(flush, function () {})
  window.addEventListener('online', flush)
})()
