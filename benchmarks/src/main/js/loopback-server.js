// A loopback Pryv platform in Node.js (the real platform is a Node.js server),
// for the benchmarks: no npm package needed.
//   GET /n{N}/events   N events in the exact shape of a real open-pryv.io 2.0
//                      answer: the 5,000 recorded events of events-get-5000.body.json
//                      repeated, `meta` last, with a Content-Length; written as it
//                      is produced, honouring backpressure, stopped when the client goes.
//   GET /reg/service/info, POST /reg/access, GET /reg/access/{key}: enough of the
//                      register's auth requests for an app to sign in; every request
//                      is accepted at once and granted the endpoint
//                      http://bench-token@127.0.0.1:{port}/n{N}/ (N = --events, default 1,000,000).
//   GET /n{N}/access-info: an app access on it.
// Usage: node loopback-server.js [--events N] [--port P] [--tls-key key.pem --tls-cert cert.pem];
// prints {"port": P} once listening. With --tls-key and --tls-cert it serves HTTPS
// (Node's https module) with that key and certificate, and its URLs are https://.
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const crypto = require('crypto');

const args = process.argv.slice(2);
function option (name, fallback) {
  const i = args.indexOf(name);
  return (i >= 0) ? args[i + 1] : fallback;
}
const grantedEvents = Number(String(option('--events', '1000000')).replace(/_/g, ''));
const wantedPort = Number(option('--port', '0'));
const tlsKey = option('--tls-key', null);
const tlsCert = option('--tls-cert', null);
const scheme = (tlsKey && tlsCert) ? 'https' : 'http';

const recorded = fs.readFileSync(option('--body', path.join(__dirname, '..', 'resources', 'events-get-5000.body.json')));
const text = recorded.toString('latin1');
const start = text.indexOf('[') + 1;
const end = text.lastIndexOf('], "meta"');
if (!text.startsWith('{"events":[') || end < 0) throw new Error('not the recorded events.get answer');
const block = recorded.subarray(start, end);
const suffix = recorded.subarray(end);
const PREFIX = Buffer.from('{"events":[');
const COMMA = Buffer.from(',');
const commaBlock = Buffer.concat([COMMA, block]);
const eventEnds = [];
{
  const events = text.substring(start, end);
  let next = events.indexOf(',{"id":"');
  while (next >= 0) {
    eventEnds.push(next);
    next = events.indexOf(',{"id":"', next + 1);
  }
  eventEnds.push(events.length);
}
const perBlock = eventEnds.length;

function bodySize (n) {
  const full = Math.floor(n / perBlock);
  const rest = n % perBlock;
  let size = PREFIX.length + suffix.length + full * block.length + Math.max(0, full - 1);
  if (rest > 0) size += ((full > 0) ? 1 : 0) + eventEnds[rest - 1];
  return size;
}

function writeEvents (res, n) {
  const full = Math.floor(n / perBlock);
  const rest = n % perBlock;
  res.writeHead(200, { 'Content-Type': 'application/json', 'api-version': '2.0.0-pre.4', 'Content-Length': bodySize(n) });
  res.write(PREFIX);
  let i = 0;
  function more () {
    while (i < full) {
      if (res.destroyed) return;
      const ok = res.write((i === 0) ? block : commaBlock);
      i++;
      if (!ok) {
        res.once('drain', more);
        return;
      }
    }
    if (rest > 0) res.write(Buffer.concat([(full > 0) ? COMMA : Buffer.alloc(0), block.subarray(0, eventEnds[rest - 1])]));
    res.end(suffix);
  }
  more();
}

const META = { apiVersion: '2.0.0-pre.4', serverTime: 1795681931.539, serial: '2026112601' };

function json (res, status, body) {
  const bytes = Buffer.from(JSON.stringify(Object.assign({}, body, { meta: META })));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'api-version': '2.0.0-pre.4', 'Content-Length': bytes.length });
  res.end(bytes);
}

function handle (req, res) {
  const url = new URL(req.url, scheme + '://127.0.0.1');
  const base = scheme + '://127.0.0.1:' + server.address().port;
  let match;
  if (req.method === 'GET' && (match = /^\/n(\d+)\/events$/.exec(url.pathname))) {
    writeEvents(res, Number(match[1]));
  } else if (req.method === 'GET' && (match = /^\/n(\d+)\/access-info$/.exec(url.pathname))) {
    json(res, 200, { type: 'app', name: 'bench', permissions: [{ streamId: '*', level: 'manage' }], id: 'bench-access', user: { username: 'n' + match[1] } });
  } else if (req.method === 'GET' && url.pathname === '/reg/service/info') {
    json(res, 200, {
      access: base + '/reg/access/', api: base + '/{username}/', register: base + '/reg/', name: 'Loopback benchmark platform',
      serial: '2026112601', home: base + '/', support: base + '/', terms: base + '/', eventTypes: base + '/event-types.json', version: '2.0.0-pre.4', features: {}
    });
  } else if (req.method === 'POST' && (url.pathname === '/reg/access' || url.pathname === '/reg/access/')) {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const key = crypto.randomBytes(8).toString('hex');
      const poll = base + '/reg/access/' + key;
      const authUrl = base + '/auth.html?key=' + key + '&poll=' + encodeURIComponent(poll) +
        '&returnURL=' + encodeURIComponent(body.returnURL || '');
      json(res, 201, { status: 'NEED_SIGNIN', key, authUrl, poll, poll_rate_ms: 1000 });
    });
  } else if (req.method === 'GET' && url.pathname.startsWith('/reg/access/')) {
    const username = 'n' + grantedEvents;
    json(res, 200, { status: 'ACCEPTED', username, token: 'bench-token', apiEndpoint: scheme + '://bench-token@127.0.0.1:' + server.address().port + '/' + username + '/' });
  } else {
    json(res, 404, { error: { id: 'unknown-resource', message: 'Not here: ' + req.method + ' ' + url.pathname } });
  }
}
const server = (scheme === 'https')
  ? https.createServer({ key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert) }, handle)
  : http.createServer(handle);
server.keepAliveTimeout = 60000;
server.listen(wantedPort, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
