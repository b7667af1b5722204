// Optional: sign in in a popup window (the lib-js popup flow). The page works without it:
// the sign-in button is a plain form that redirects to the platform and back.
(function () {
  'use strict';
  var link = document.getElementById('sign-in-popup');
  var form = document.getElementById('sign-in-form');
  if (!link || !form) { return; }
  link.hidden = false;
  link.addEventListener('click', function (event) {
    event.preventDefault();
    var popup = window.open('about:blank', 'pryv-sign-in', 'width=480,height=640');
    if (!popup) { form.submit(); return; }
    var data = new FormData(form);
    fetch(form.action, { method: 'POST', body: new URLSearchParams(data),
        headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (start) {
        if (start.status !== 'NEED_SIGNIN') { popup.close(); alert(start.message); return; }
        popup.location = start.authUrl;
        var poll = function () {
          fetch(form.action + '/status', { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.json(); })
            .then(function (state) {
              if (state.status === 'NEED_SIGNIN') { setTimeout(poll, Math.max(state.pollRateMs || 1000, 1000)); return; }
              if (!popup.closed) { popup.close(); }
              if (state.status === 'ACCEPTED') { window.location.assign(window.location.pathname); return; }
              alert(state.message || ('Sign-in ended: ' + state.status));
            });
        };
        setTimeout(poll, start.pollRateMs || 1000);
      });
  });
})();
