// Live progress of queued and running runs: polls /runs/{id}/progress and updates the row in place.
(function () {
  const FINISHED = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD', 'FAILED'];
  const BADGE = { COMPLETED: 'ok', COMPLETED_WITH_ERRORS: 'warn', HELD: 'warn', FAILED: 'bad', QUEUED: 'busy', RUNNING: 'busy' };

  function field(el, name) { return el.querySelector('[data-field="' + name + '"]'); }

  function seconds(run) {
    if (!run.startedAt) return '—';
    const end = run.endedAt ? Date.parse(run.endedAt) : Date.now();
    const s = (end - Date.parse(run.startedAt)) / 1000;
    return s >= 60 ? Math.floor(s / 60) + ' min ' + Math.floor(s % 60) + ' s' : s.toFixed(1) + ' s';
  }

  function show(el, p) {
    const run = p.run;
    const badge = field(el, 'status');
    if (badge) { badge.textContent = run.status; badge.className = 'badge ' + BADGE[run.status]; }
    const bar = field(el, 'progress');
    if (bar) {
      const progress = bar.querySelector('progress');
      const text = bar.querySelector('.rows-read');
      if (p.rowsExpected) {
        progress.max = p.rowsExpected;
        progress.value = Math.min(p.rowsRead, p.rowsExpected);
        text.textContent = p.rowsRead.toLocaleString() + ' of about ' + p.rowsExpected.toLocaleString() + ' rows read';
      } else {
        progress.removeAttribute('value');
        text.textContent = p.rowsRead.toLocaleString() + ' rows read';
      }
    }
    const duration = field(el, 'duration');
    if (duration) duration.textContent = seconds(run);
    for (const name of ['rows', 'created', 'updated', 'deactivated', 'held', 'rejected', 'transferred',
                        'reactivated', 'unchanged', 'missing']) {
      const cell = field(el, name);
      if (cell) cell.textContent = run.counts[name];
    }
    const message = field(el, 'message');
    if (message && run.message) message.textContent = run.message;
    el.dataset.status = run.status;
    if (FINISHED.includes(run.status)) {
      if (bar) bar.remove();
      if (el.dataset.reload === 'true') location.reload();
    }
  }

  function poll(el) {
    fetch('/runs/' + el.dataset.run + '/progress', { headers: { Accept: 'application/json' } })
      .then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(p => {
        show(el, p);
        if (!FINISHED.includes(p.run.status)) setTimeout(() => poll(el), 700);
      })
      .catch(() => setTimeout(() => poll(el), 3000));
  }

  document.querySelectorAll('[data-run]').forEach(el => {
    if (!FINISHED.includes(el.dataset.status)) poll(el);
  });
})();
