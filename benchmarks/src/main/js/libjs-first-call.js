// lib-js's first call in a fresh Node.js process, then its second, as
// FirstCallMain does with our client: each makes a Connection and streams
// every event with getEventsStreamed. Prints one JSON line:
// {"events": N, "firstCallMs": N, "secondCallMs": N, "sinceStartMs": N}
// Usage: node libjs-first-call.js <apiEndpoint>   (`pryv` through NODE_PATH)
const pryv = require('pryv');

const query = { fromTime: -9007199254740991, toTime: 9007199254740991 };

async function call (apiEndpoint) {
  const connection = new pryv.Connection(apiEndpoint);
  let events = 0;
  await connection.getEventsStreamed(query, () => { events++; });
  return events;
}

async function main () {
  const apiEndpoint = process.argv[2];
  if (!apiEndpoint) {
    console.error('Usage: node libjs-first-call.js <apiEndpoint>');
    process.exit(2);
  }
  const start = process.hrtime.bigint();
  const events = await call(apiEndpoint);
  const first = process.hrtime.bigint();
  const sinceProcessStart = Math.round(performance.now());
  await call(apiEndpoint);
  const second = process.hrtime.bigint();
  console.log('{"events": ' + events + ', "firstCallMs": ' + (first - start) / 1000000n +
    ', "secondCallMs": ' + (second - first) / 1000000n + ', "sinceStartMs": ' + sinceProcessStart + '}');
}

main().catch((err) => { console.error(err); process.exit(1); });
