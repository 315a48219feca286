import { createHash } from 'node:crypto';

/** The sign-in page's only style, inline so the page needs nothing a signed-out browser may not load. */
const SIGN_IN_STYLE = [
  'body{font:16px/1.4 system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f7;color:#1d1f23}',
  'form{background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 4px #0002;display:grid;gap:12px;width:min(360px,90vw)}',
  'h1{font-size:20px;margin:0}p{margin:0;color:#555;font-size:14px}',
  'input,button{font:inherit;padding:8px;border-radius:4px;border:1px solid #bbb}',
  'button{background:#1565c0;color:#fff;border-color:#1565c0;cursor:pointer}',
  '#sign-in-error{color:#b71c1c}',
].join('');

/** For the Content-Security-Policy: the hash of the one inline style the sign-in page carries. */
export const SIGN_IN_STYLE_HASH = `'sha256-${createHash('sha256').update(SIGN_IN_STYLE).digest('base64')}'`;

/**
 * `/assets/sign-in.js`, served without a session: posts the token as JSON so that a refusal
 * (a wrong token, too many tries) shows as a line on the page instead of the API's JSON. Without
 * script the form posts itself, and `/login` sends the browser back to `/`.
 */
export const SIGN_IN_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('sign-in');
  var error = document.getElementById('sign-in-error');
  function show(text) {
    error.textContent = text;
    error.hidden = false;
  }
  form.addEventListener('submit', function (submitted) {
    submitted.preventDefault();
    error.hidden = true;
    fetch('/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: form.elements.token.value }),
    }).then(function (response) {
      if (response.ok) return window.location.replace('/');
      return response.json().then(function (body) { return body.message; }, function () { return null; }).then(function (message) {
        show(message ? 'Not signed in: ' + message + '.' : 'Not signed in: the bot answered ' + response.status + '.');
      });
    }, function () { show('The bot cannot be reached.'); });
  });
})();
`;

/**
 * What `GET /` answers (with 401) without a valid session: a token field posted to `POST /login`,
 * which sets the session cookie and sends the browser back to the dashboard.
 */
export function renderSignInPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dealbot: sign in</title>
<link rel="icon" href="data:,">
<style>${SIGN_IN_STYLE}</style>
</head>
<body>
<form method="post" action="/login" id="sign-in">
<h1>dealbot</h1>
<p>Sign in with the API token (<code>DEALBOT_API_TOKEN</code>).</p>
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
<p id="sign-in-error" role="alert" hidden></p>
</form>
<script src="/assets/sign-in.js"></script>
</body>
</html>
`;
}
