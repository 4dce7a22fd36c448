// A student's profile: one click, one reset; a second click would be refused anyway (the form's token is used up).
(function () {
  const button = document.getElementById('reset-password');
  if (button) {
    button.form.addEventListener('submit', () => setTimeout(() => { button.disabled = true; }, 0));
  }
})();
