// A Socket.IO 4.8 server that answers as a Pryv platform's socket does
// (open-pryv.io 2.0, see socket-io-frames.jsonl in the recorded fixtures), for
// the tests of io.pryv.client.socket. Loopback only.
//
//   node server.js <port (0: any free one)> <users as JSON: {"alice": "alice-token"}>
//
// Environment: PING_INTERVAL_MS, PING_TIMEOUT_MS (Socket.IO's 25000 and 20000).
// Prints "listening <port>" once ready. What it emulates:
// - WebSocket transport only (no long-polling), as a platform in cluster mode;
// - one namespace per user, /{username}; the token in the handshake query
//   parameter `auth`; an unknown user or a bad token is refused at connect
//   (CONNECT_ERROR with the platform's messages);
// - API methods as emits with an acknowledgement: ack(null, result) or
//   ack({error, meta}); `callBatch` with the array of calls acks (null, {results, meta});
// - `eventsChanged` to the user's namespace after an event is created.
// Test controls, plain HTTP on the same port:
// - POST /test/notify/{username}/{eventName}: emit that notification (no payload);
// - GET /test/clients/{username}: how many sockets are connected in that namespace;
// - GET /{username}/access-info (DNS-less form) or GET /access-info (per-user-host
//   form) with Authorization: who the token is.
'use strict';

const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 0);
const users = JSON.parse(process.argv[3] || '{}');
const events = {}; // username -> created events

const meta = () => ({ apiVersion: '2.0.0-test', serverTime: Date.now() / 1000, serial: 'test' });

const httpServer = http.createServer((req, res) => {
  const parts = req.url.split('?')[0].split('/').filter((p) => p.length > 0);
  const send = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && parts[0] === 'test' && parts[1] === 'notify' && parts.length === 4) {
    io.of('/' + parts[2]).emit(parts[3]);
    return send(200, { notified: parts[3] });
  }
  if (req.method === 'GET' && parts[0] === 'test' && parts[1] === 'clients' && parts.length === 3) {
    const nsp = io._nsps.get('/' + parts[2]);
    return send(200, { clients: nsp ? nsp.sockets.size : 0 });
  }
  if (req.method === 'GET' && parts.length === 1 && parts[0] === 'access-info') {
    // the per-user-host form (https://alice.pryv.me/access-info): the user is the token's
    const username = Object.keys(users).find((u) => users[u] === req.headers.authorization);
    if (username === undefined) {
      return send(403, { error: { id: 'invalid-access-token', message: 'Cannot find access from token.' }, meta: meta() });
    }
    return send(200, { id: 'access-' + username, name: 'pryv-test', type: 'personal', user: { username }, meta: meta() });
  }
  if (req.method === 'GET' && parts.length === 2 && parts[1] === 'access-info') {
    if (users[parts[0]] === undefined || users[parts[0]] !== req.headers.authorization) {
      return send(403, { error: { id: 'invalid-access-token', message: 'Cannot find access from token.' }, meta: meta() });
    }
    return send(200, { id: 'access-' + parts[0], name: 'pryv-test', type: 'personal', user: { username: parts[0] }, meta: meta() });
  }
  if (!req.url.startsWith('/socket.io/')) {
    send(404, { error: { id: 'unknown-resource', message: 'No such path' } });
  }
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  pingInterval: Number(process.env.PING_INTERVAL_MS || 25000),
  pingTimeout: Number(process.env.PING_TIMEOUT_MS || 20000)
});

const userNamespaces = io.of(/^\/[a-z0-9-]+$/);

userNamespaces.use((socket, next) => {
  const username = socket.nsp.name.substring(1);
  if (users[username] === undefined) {
    return next(new Error('Unknown user "' + username + '"'));
  }
  if (socket.handshake.query.auth !== users[username]) {
    return next(new Error('Cannot find access from token.'));
  }
  next();
});

function runMethod (username, method, params) {
  const list = events[username] || (events[username] = []);
  switch (method) {
    case 'events.create': {
      const now = Date.now() / 1000;
      const event = Object.assign({ time: now }, params, {
        id: 'ev' + (list.length + 1) + '-' + Math.random().toString(36).substring(2, 8),
        created: now,
        modified: now,
        createdBy: 'access-' + username,
        modifiedBy: 'access-' + username
      });
      list.push(event);
      return { event };
    }
    case 'events.get':
      return { events: list.slice(-((params && params.limit) || list.length)).reverse() };
    case 'streams.get':
      return { streams: [] };
    default:
      return { error: { id: 'invalid-method', message: 'Invalid method id "' + method + '"' } };
  }
}

userNamespaces.on('connection', (socket) => {
  const username = socket.nsp.name.substring(1);
  socket.onAny((method, ...args) => {
    const ack = args.length > 0 && typeof args[args.length - 1] === 'function' ? args.pop() : null;
    if (!ack) return;
    if (method === 'callBatch') {
      const calls = args[0];
      if (!Array.isArray(calls)) {
        return ack({ error: { id: 'invalid-request-structure', message: 'Request body must be an array of API calls.' }, meta: meta() });
      }
      const results = calls.map((call) => runMethod(username, call.method, call.params));
      ack(null, { results, meta: meta() });
      if (calls.some((call) => call.method === 'events.create')) socket.nsp.emit('eventsChanged');
      return;
    }
    const result = runMethod(username, method, args[0]);
    if (result.error) return ack(Object.assign(result, { meta: meta() }));
    ack(null, Object.assign(result, { meta: meta() }));
    if (method === 'events.create') socket.nsp.emit('eventsChanged');
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log('listening ' + httpServer.address().port);
});

// Ends with its parent (the test JVM closes stdin when it stops the server or dies).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
