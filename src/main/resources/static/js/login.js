// Student sign-in: posts to /api/student-login and says what happened.
// the QR code on the slip carries ?username=…, never the password
const username = new URLSearchParams(location.search).get('username');
if (username) {
  document.getElementById('username').value = username;
  document.getElementById('password').focus();
}
document.getElementById('signin').addEventListener('submit', async event => {
  event.preventDefault();
  const answer = document.getElementById('answer');
  answer.textContent = '';
  answer.className = '';
  const response = await fetch('/api/student-login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify({
      username: document.getElementById('username').value,
      password: document.getElementById('password').value
    })
  });
  const body = await response.json().catch(() => ({}));
  // the product's notice and problem boxes (app.css)
  answer.className = response.ok ? 'notice' : 'problem';
  answer.textContent = response.ok ? 'You are signed in as ' + body.username + '. Your account is active.'
      : (body.message || 'Sign-in failed; ask your teacher for help.');
  document.getElementById('password').value = '';
});
