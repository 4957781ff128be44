// Keeps what an operator typed in a form marked data-draft until the server confirms it was saved,
// so a failed submission, a lost connection or a closed tab loses nothing. Plain script: no eval,
// no inline handlers (the CSP allows neither).
(function () {
  var prefix = 'sigap-draft:'
  function save(form) {
    var data = {}
    new FormData(form).forEach(function (value, name) { if (typeof value === 'string' && name !== 'idem') data[name] = value })
    try { localStorage.setItem(prefix + form.dataset.draft, JSON.stringify(data)) } catch (e) { /* storage full or off: nothing to keep */ }
  }
  function changed(field) {
    if (field.options) {
      var chosen = 0
      for (var i = 0; i < field.options.length; i++) if (field.options[i].defaultSelected) chosen = i
      return field.selectedIndex !== chosen
    }
    return 'defaultValue' in field && field.value !== field.defaultValue
  }
  function restore(form) {
    var raw = null
    try { raw = localStorage.getItem(prefix + form.dataset.draft) } catch (e) { return }
    if (!raw) return
    // A form the server re-rendered after a failed submission (422) already shows what was typed.
    if (form.querySelector('[aria-invalid="true"]')) return
    var data = JSON.parse(raw)
    Object.keys(data).forEach(function (name) {
      var field = form.elements.namedItem(name)
      // Every field, selects with a default included (channel, urgency): the draft is what was chosen.
      // But this script starts after the page has taken its first keystroke (boot.js): what the
      // person has typed or chosen since stays.
      if (field && 'value' in field && !changed(field)) field.value = data[name]
    })
    var note = form.querySelector('[data-draft-note]')
    if (note) note.hidden = false
  }
  document.querySelectorAll('[data-clear-draft]').forEach(function (el) {
    try { localStorage.removeItem(prefix + el.getAttribute('data-clear-draft')) } catch (e) { /* nothing stored */ }
  })
  document.querySelectorAll('form[data-draft]').forEach(function (form) {
    restore(form)
    form.addEventListener('input', function () { save(form) })
    form.addEventListener('change', function () { save(form) })
  })
  document.querySelectorAll('form[data-clear-drafts-on-submit]').forEach(function (form) {
    form.addEventListener('submit', function () {
      try { Object.keys(localStorage).forEach(function (k) { if (k.indexOf(prefix) === 0) localStorage.removeItem(k) }) } catch (e) { /* nothing stored */ }
    })
  })
})(); // the semicolon keeps a following (function … from being read as a call of this one's result

// Case handling on a phone (issue 4). Location only when the facilitator presses the button and the
// browser's permission allows it; photos shrunk here (canvas, JPEG) to about 200 KB before upload.
(function () {
  var maxBytes = 200 * 1024
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-geo-button]')
    if (!button) return
    var box = button.closest('[data-geo]')
    var status = box.querySelector('[data-geo-status]')
    if (!navigator.geolocation) { status.textContent = 'Peramban ini tidak bisa memberi lokasi.'; return }
    status.textContent = 'Mencari lokasi…'
    navigator.geolocation.getCurrentPosition(function (pos) {
      box.querySelector('[name=lat]').value = pos.coords.latitude.toFixed(6)
      box.querySelector('[name=lng]').value = pos.coords.longitude.toFixed(6)
      box.querySelector('[name=accuracy]').value = String(Math.round(pos.coords.accuracy))
      status.textContent = 'Lokasi ditambahkan (±' + Math.round(pos.coords.accuracy) + ' m).'
    }, function () {
      status.textContent = 'Lokasi tidak diizinkan; catatan tetap bisa dikirim.'
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 })
  })
  // Buttons that need JavaScript stay hidden without it.
  document.querySelectorAll('[data-geo][hidden], [data-print][hidden]').forEach(function (el) { el.hidden = false })
  document.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('[data-print]')) window.print()
  })

  function toBlob(canvas, quality) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', quality) })
  }
  function load(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file)
      var img = new Image()
      img.onload = function () { URL.revokeObjectURL(url); resolve(img) }
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error('not an image')) }
      img.src = url
    })
  }
  // Longest side 1280 px, then lower quality and size until the photo fits.
  async function shrink(file) {
    if (file.size <= maxBytes && file.type === 'image/jpeg') return file
    var img = await load(file)
    var side = 1280
    for (var attempt = 0; attempt < 8; attempt++) {
      var scale = Math.min(1, side / Math.max(img.naturalWidth, img.naturalHeight))
      var canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
      canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
      canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height)
      var blob = await toBlob(canvas, attempt < 4 ? 0.8 - attempt * 0.1 : 0.5)
      if (blob && blob.size <= maxBytes) return new File([blob], (file.name || 'foto').replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' })
      if (attempt >= 3) side = Math.round(side * 0.75)
    }
    return file
  }
  document.addEventListener('change', async function (e) {
    var input = e.target
    if (!input.matches || !input.matches('input[type=file][data-shrink]') || input.dataset.shrinking) return
    var form = input.form
    var button = form && form.querySelector('button[type=submit]')
    input.dataset.shrinking = '1'
    if (button) button.disabled = true
    try {
      var out = new DataTransfer()
      for (var i = 0; i < input.files.length; i++) {
        try { out.items.add(await shrink(input.files[i])) } catch (err) { out.items.add(input.files[i]) }
      }
      input.files = out.files
    } finally {
      delete input.dataset.shrinking
      if (button) button.disabled = false
    }
  })
})()

// Web Push: "Izinkan notifikasi di perangkat ini" on the alert settings page. The button stays
// hidden where the browser cannot receive pushes (and with JavaScript off).
;(function () {
  var button = document.getElementById('push-enable')
  if (!button || !('serviceWorker' in navigator) || !('PushManager' in window)) return
  button.hidden = false
  function b64(buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  }
  button.addEventListener('click', async function () {
    var status = document.getElementById('push-status')
    try {
      var registration = await navigator.serviceWorker.register('/sw.js')
      if ((await Notification.requestPermission()) !== 'granted') throw new Error('Izin notifikasi ditolak di peramban.')
      var key = Uint8Array.from(atob(button.dataset.key.replace(/-/g, '+').replace(/_/g, '/')), function (c) { return c.charCodeAt(0) })
      var sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
      var body = new URLSearchParams({ endpoint: sub.endpoint, p256dh: b64(sub.getKey('p256dh')), auth: b64(sub.getKey('auth')), device: navigator.userAgent })
      var res = await fetch('/alerts/push', { method: 'POST', body: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      if (!res.ok) throw new Error('Server menolak pendaftaran perangkat (' + res.status + ').')
      location.assign('/alerts/settings?tersimpan=1')
    } catch (err) {
      status.textContent = err.message
    }
  })
})()
