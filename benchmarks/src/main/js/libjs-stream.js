// lib-js (npm package `pryv`) streaming every event of an API endpoint with
// getEventsStreamed, printing the same JSON line as StreamEventsMain:
// {"events": N, "eventDeletions": N, "ms": N, "eventsPerSec": N, "peakHeapMB": N}
// Usage: node libjs-stream.js <apiEndpoint> [warmupApiEndpoint [warmupRuns]]
// `pryv` is resolved through NODE_PATH (benchmarks/run.sh installs it in benchmarks/target/libjs).
const pryv = require('pryv');

const query = { fromTime: -9007199254740991, toTime: 9007199254740991 };

async function stream (apiEndpoint) {
  const connection = new pryv.Connection(apiEndpoint);
  let events = 0;
  const result = await connection.getEventsStreamed(query, () => { events++; });
  return { events, result };
}

async function main () {
  const [apiEndpoint, warmup, warmupRuns] = process.argv.slice(2);
  if (!apiEndpoint) {
    console.error('Usage: node libjs-stream.js <apiEndpoint> [warmupApiEndpoint [warmupRuns]]');
    process.exit(2);
  }
  for (let i = 0; warmup && i < Number(warmupRuns || 1); i++) await stream(warmup);
  if (global.gc) global.gc();
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
  const start = process.hrtime.bigint();
  const { events, result } = await stream(apiEndpoint);
  const ms = Math.max(1, Number((process.hrtime.bigint() - start) / 1000000n));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (result.eventsCount !== undefined && result.eventsCount !== events) {
    throw new Error('eventsCount ' + result.eventsCount + ' != ' + events + ' events seen');
  }
  console.log(JSON.stringify({
    events,
    eventDeletions: result.eventDeletionsCount || 0,
    ms,
    eventsPerSec: Math.round(events * 1000 / ms),
    peakHeapMB: Math.round(peak / (1024 * 1024))
  }).replace(/:/g, ': ').replace(/,/g, ', '));
}

main().catch((err) => { console.error(err); process.exit(1); });
