// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy allows no inline script.
(function () {
  // a form that changes much asks first (Approve, Revert)
  document.querySelectorAll('form[data-confirm]').forEach(form => {
    form.addEventListener('submit', e => {
      if (!confirm(form.dataset.confirm)) e.preventDefault();
    });
  });
  // a filter whose change shows its result at once (Runs, a run's changes)
  document.querySelectorAll('select[data-submit-on-change]').forEach(select => {
    select.addEventListener('change', () => select.form.submit());
  });
  document.querySelectorAll('[data-print]').forEach(button => {
    button.addEventListener('click', () => window.print());
  });
  document.querySelectorAll('a[data-back]').forEach(link => {
    link.addEventListener('click', e => { e.preventDefault(); history.back(); });
  });
})();
