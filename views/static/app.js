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
  function restore(form) {
    var raw = null
    try { raw = localStorage.getItem(prefix + form.dataset.draft) } catch (e) { return }
    if (!raw) return
    var data = JSON.parse(raw)
    Object.keys(data).forEach(function (name) {
      var field = form.elements.namedItem(name)
      // Values the server re-rendered (after a 422) win over the stored draft.
      if (field && 'value' in field && !field.value) field.value = data[name]
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
})()
