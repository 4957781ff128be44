// Starts the page's scripts (data-run, preloaded by the page) without holding its first keystroke:
// as `defer` scripts they ran, and htmx scanned the page, before the browser took any input
// (issue 25). Inserted here, each runs in a task of its own, in order, and still delays "load".
(function () {
  var run = document.currentScript && document.currentScript.getAttribute('data-run')
  if (!run) return
  run.split(' ').forEach(function (src) {
    var script = document.createElement('script')
    script.src = src
    script.async = false
    document.head.appendChild(script)
  })
})()
