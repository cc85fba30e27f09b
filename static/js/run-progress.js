// Keeps a matching run's progress page up to date without reloading it, then opens the
// finished run. Without JavaScript the page's "Refresh" button does the same job by hand.

const POLL_MS = 1500
const MAX_FAILURES = 5

function start (root) {
  const url = root.dataset.statusUrl
  const bar = root.querySelector('progress')
  const percent = root.querySelector('[data-run-progress-percent]')
  const message = root.querySelector('[data-run-progress-message]')
  let failures = 0

  async function poll () {
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store'
      })
      if (!response.ok) throw new Error(`status ${response.status}`)
      const run = await response.json()
      failures = 0
      if (run.is_finished) {
        window.location.assign(run.detail_url)
        return
      }
      bar.value = run.progress
      bar.textContent = `${run.progress}%`
      const text = `${run.progress}% done`
      // Only touch the live region when something changed, so screen readers are not flooded.
      if (percent.textContent !== text) percent.textContent = text
      const words = run.message || run.status_label
      if (message.textContent !== words) message.textContent = words
    } catch (error) {
      failures += 1
      if (failures >= MAX_FAILURES) return // leave it to the Refresh button
    }
    window.setTimeout(poll, POLL_MS)
  }

  window.setTimeout(poll, POLL_MS)
}

document.querySelectorAll('[data-module="app-run-progress"]').forEach(start)
