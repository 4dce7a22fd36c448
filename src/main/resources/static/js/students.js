// The Students page: selection, the Bulk Operations menu, the reset dialog and the filters.
(function () {
  const boxes = () => [...document.querySelectorAll('#bulk-form input[name=studentIds]:not(:disabled)')];
  const bulk = document.getElementById('bulk'), menu = document.getElementById('bulk-menu');
  const dialog = document.getElementById('reset-dialog'), all = document.getElementById('select-all');
  function update() {
    const n = boxes().filter(b => b.checked).length;
    document.getElementById('selected-count').textContent = n + ' selected';
    document.getElementById('dialog-count').textContent = n;
    bulk.disabled = n === 0;
    document.getElementById('too-many').hidden = n <= 1000;
    const active = boxes().filter(b => b.checked && b.closest('.tile').dataset.status === 'ACTIVE').length;
    document.getElementById('active-count').textContent = active;
    document.getElementById('active-warning').hidden = active === 0;
    document.querySelectorAll('#reset-dialog button[type=submit]').forEach(b => b.disabled = n > 1000);
    all.checked = n > 0 && n === boxes().length;
  }
  document.getElementById('bulk-form').addEventListener('change', update);
  all.addEventListener('change', () => { boxes().forEach(b => b.checked = all.checked); update(); });
  // a filter picked with the mouse shows at once; one changed with the arrow keys waits for Enter (or Show), so a
  // keyboard user can move through the options without the page loading again at each one
  document.querySelectorAll('form.filters select').forEach(select => {
    let keyed = false;
    select.addEventListener('keydown', e => {
      if (e.key === 'Enter') {
        e.preventDefault();
        select.form.requestSubmit();
      } else if (e.key !== 'Tab') {
        keyed = true;
      }
    });
    select.addEventListener('blur', () => { keyed = false; });
    select.addEventListener('change', () => { if (!keyed) select.form.requestSubmit(); });
  });
  // another filter loads another page, without the ticks of this one: say so before they are lost
  const filters = document.querySelector('form.filters');
  filters.addEventListener('submit', e => {
    const n = boxes().filter(b => b.checked).length;
    if (n > 0 && !confirm(n + (n === 1 ? ' student is' : ' students are') + ' selected here. Another filter shows'
        + ' other students and clears this selection: reset their passwords first to keep it. Change the filter?')) {
      e.preventDefault();
      filters.querySelectorAll('select').forEach(select => {
        select.value = [...select.options].find(o => o.defaultSelected)?.value ?? '';
      });
    } else if (!search.value.trim()) {
      search.disabled = true; // an empty search is no filter: the address stays as without one
    }
  });
  const search = document.getElementById('search');
  // back to this page from the history: the search field takes input again
  window.addEventListener('pageshow', () => { search.disabled = false; });
  const resetItem = document.getElementById('reset-passwords');
  function showMenu(open) {
    menu.hidden = !open;
    bulk.setAttribute('aria-expanded', open);
  }
  bulk.addEventListener('click', () => { showMenu(menu.hidden); if (!menu.hidden) resetItem.focus(); });
  // Escape or a click elsewhere closes the menu, as menus do
  menu.addEventListener('keydown', e => { if (e.key === 'Escape') { showMenu(false); bulk.focus(); } });
  document.addEventListener('click', e => { if (!e.target.closest('.menu')) showMenu(false); });
  resetItem.addEventListener('click', () => { showMenu(false); dialog.showModal(); });
  document.getElementById('dialog-cancel').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => bulk.focus());
  // the download leaves the page in place: close the dialog once the form has gone, allow no second click, and load
  // the page again (new statuses, a new form token) once the PDF's answer has arrived
  const form = document.getElementById('bulk-form');
  // a thousand passwords take most of a minute: say so, or the page looks as if nothing happened
  form.addEventListener('submit', () => {
    const token = form.querySelector('input[name=token]').value;
    const resetting = document.getElementById('resetting');
    document.getElementById('resetting-count').textContent = boxes().filter(b => b.checked).length;
    resetting.hidden = false;
    setTimeout(() => {
      dialog.close();
      form.querySelectorAll('button[type=submit]').forEach(b => b.disabled = true);
    }, 0);
    const wait = setInterval(() => {
      if (document.cookie.split('; ').includes('rostersync-reset=' + token)) {
        clearInterval(wait);
        resetting.hidden = true;
        location.reload();
      }
    }, 300);
  });
  update();
  // Back to this page: the browser ticks the boxes as they were after this script ran; count them again
  window.addEventListener('pageshow', update);
})();
