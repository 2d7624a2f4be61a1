/**
 * The dashboard at `/`: one self-contained HTML page (no external scripts, styles or fonts, so it
 * works offline like the reports). It reads the token from the URL fragment (`/#token=…`, kept
 * in the browser's localStorage), loads /v1/engineers, /v1/teams and /v1/incidents?state=open,
 * and reloads them whenever the event stream (/v1/events) says something happened.
 */
export function dashboardHtml(title: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>incisim serve — ${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#1d2733;color:#fff;padding:10px 18px;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:17px;margin:0}#status{opacity:.8;font-size:12px}
main{padding:14px 18px;display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 12px}
h2{font-size:14px;margin:0 0 8px}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #eef0f2;font-size:13px}
th{font-weight:600;color:#555}.bar{height:10px;background:#e6e9ed;border-radius:3px;min-width:80px;position:relative}
.bar i{position:absolute;left:0;top:0;bottom:0;background:#3a7bd5;border-radius:3px}.full i{background:#d9534f}
.tiles{display:flex;gap:12px;flex-wrap:wrap}.tile{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 14px;min-width:110px}
.tile b{display:block;font-size:22px}.P1{color:#b00020;font-weight:700}.P2{color:#c25e00;font-weight:600}.muted{color:#888}
#login{padding:18px}</style></head>
<body>
<header><h1>incisim serve — ${esc(title)}</h1><span id="status">connecting…</span></header>
<div id="login" hidden><p>Open this page as <code>/#token=&lt;token&gt;</code> (any role; <code>incisim serve token create --role viewer --db FILE</code>).</p></div>
<main id="main" hidden>
<section style="grid-column:1/-1"><div class="tiles" id="tiles"></div></section>
<section><h2>Engineers: load and presence</h2><table id="engineers"><thead><tr><th>engineer</th><th>team</th><th>presence</th><th>load</th><th></th></tr></thead><tbody></tbody></table></section>
<section><h2>Queues</h2><table id="teams"><thead><tr><th>team</th><th>open</th><th>queued</th><th>saturation</th><th>present</th></tr></thead><tbody></tbody></table></section>
<section style="grid-column:1/-1"><h2>Open incidents, oldest first</h2><table id="incidents"><thead><tr><th>id</th><th>priority</th><th>title</th><th>team</th><th>engineer</th><th>age</th><th>state</th></tr></thead><tbody></tbody></table></section>
</main>
<script>
(function () {
  'use strict';
  var m = /token=([^&]+)/.exec(location.hash);
  if (m) { try { localStorage.setItem('incisim-token', decodeURIComponent(m[1])); } catch (e) {} }
  var token = m ? decodeURIComponent(m[1]) : (function () { try { return localStorage.getItem('incisim-token'); } catch (e) { return null; } })();
  var status = document.getElementById('status');
  if (!token) { document.getElementById('login').hidden = false; status.textContent = 'no token'; return; }
  document.getElementById('main').hidden = false;
  function get(path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + token } }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(path + ': ' + (b && b.error || r.status)); });
      return r.json();
    });
  }
  function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
  function fill(id, rows, draw) { var tb = document.querySelector('#' + id + ' tbody'); tb.textContent = ''; rows.forEach(function (r) { var tr = document.createElement('tr'); draw(tr, r); tb.appendChild(tr); }); }
  function age(iso, now) { var m = Math.max(0, Math.round((now - Date.parse(iso)) / 60000)); return m < 120 ? m + ' min' : (m / 60).toFixed(1) + ' h'; }
  var pending = false, again = false;
  function load() {
    if (pending) { again = true; return; }
    pending = true;
    Promise.all([get('/v1/status'), get('/v1/engineers'), get('/v1/teams'), get('/v1/incidents?state=open')]).then(function (a) {
      var st = a[0], engs = a[1].engineers, teams = a[2].teams, incs = a[3].incidents, now = Date.parse(st.now);
      status.textContent = 'service clock ' + st.now + (st.virtual ? ' (virtual)' : '') + ' · journal ' + st.journal + ' entries · live';
      var tiles = document.getElementById('tiles'); tiles.textContent = '';
      [['open incidents', incs.length], ['queued', teams.reduce(function (s, t) { return s + t.queued; }, 0)],
       ['engineers present', engs.filter(function (e) { return e.presence === 'on-shift' || e.presence === 'on-call'; }).length],
       ['MTTA (min)', st.mttaMinutes.toFixed(1)], ['pages', st.pages]].forEach(function (t) {
        var d = document.createElement('div'); d.className = 'tile'; var b = document.createElement('b'); b.textContent = String(t[1]); d.appendChild(b); d.appendChild(document.createTextNode(t[0])); tiles.appendChild(d);
      });
      engs.sort(function (x, y) { return y.load / y.capacity - x.load / x.capacity || (x.id < y.id ? -1 : 1); });
      fill('engineers', engs.slice(0, 60), function (tr, e) {
        cell(tr, e.id); cell(tr, e.team); cell(tr, e.presence + (e.override ? ' (override)' : ''), e.presence === 'on-shift' || e.presence === 'on-call' ? '' : 'muted');
        cell(tr, e.load + ' / ' + e.capacity);
        var td = cell(tr, ''); var bar = document.createElement('div'); bar.className = 'bar' + (e.load >= e.capacity ? ' full' : '');
        var i = document.createElement('i'); i.style.width = Math.min(100, 100 * e.load / Math.max(e.capacity, 1e-9)) + '%'; bar.appendChild(i); td.appendChild(bar);
      });
      fill('teams', teams, function (tr, t) { cell(tr, t.id); cell(tr, String(t.open)); cell(tr, String(t.queued)); cell(tr, t.saturation === null ? '∞' : t.saturation.toFixed(2)); cell(tr, String(t.present)); });
      incs.sort(function (x, y) { return Date.parse(x.openedAt) - Date.parse(y.openedAt); });
      fill('incidents', incs.slice(0, 200), function (tr, i) {
        cell(tr, i.id); cell(tr, i.priority, i.priority); cell(tr, i.title); cell(tr, i.team); cell(tr, i.engineer || 'queued', i.engineer ? '' : 'muted');
        cell(tr, age(i.openedAt, now)); cell(tr, i.acknowledged ? 'acknowledged' : i.engineer ? 'paged' : 'waiting');
      });
    }).catch(function (e) { status.textContent = String(e.message || e); }).then(function () {
      pending = false; if (again) { again = false; setTimeout(load, 200); }
    });
  }
  load();
  if (window.EventSource) {
    var es = new EventSource('/v1/events?access_token=' + encodeURIComponent(token));
    es.onmessage = function () { load(); };
    ['incident.opened', 'decision', 'page', 'acknowledged', 'resolved', 'presence', 'escalated'].forEach(function (t) { es.addEventListener(t, function () { load(); }); });
  } else setInterval(load, 5000);
})();
</script>
</body></html>
`;
}
