// 200 fetches at once across 34 local origins (6 connections each) while a
// 5 ms setInterval measures how late the loop runs it: all I/O is on the
// runtime's uv loop and must not stall timers.
import { check, config, done, eq, expectNoLeaks, pattern } from "./fetch_lib.mjs";

const { ports, count, delayMs } = config;
const interval = 5;
let ticks = 0;
let maxLateness = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  maxLateness = Math.max(maxLateness, now - last - interval);
  last = now;
  ticks++;
}, interval);

const started = performance.now();
const inFlight = [];
let completed = 0;
const firstDone = [];
const size = 20000;
const expected = pattern(size);
for (let i = 0; i < count; i++) {
  const port = ports[i % ports.length];
  inFlight.push(fetch(`http://127.0.0.1:${port}/delay?ms=${delayMs}&size=${size}`).then(async (r) => {
    const text = await r.text();
    completed++;
    if (firstDone.length < 1) firstDone.push(performance.now() - started);
    return r.status === 200 && text === expected;
  }));
}
const pendingAfterStart = nano.fetchStats().pendingRequests;
// Issuing the calls is the script's own synchronous work: lateness counts from here.
const issueMs = performance.now() - started;
last = performance.now();
const results = await Promise.all(inFlight);
const elapsed = performance.now() - started;
clearInterval(timer);

eq("concurrency.all fetches pending right after starting", pendingAfterStart, count);
eq(`concurrency.${count} responses complete and correct`, results.filter(Boolean).length, count);
// Serialised they would take count * delayMs; in parallel about one delay.
check(`concurrency.in parallel (${elapsed.toFixed(0)} ms for ${count} x ${delayMs} ms responses)`,
  elapsed < delayMs * 8, `${elapsed.toFixed(0)} ms`);
check(`concurrency.timer kept firing (${ticks} ticks of ${interval} ms)`, ticks >= ((elapsed - issueMs) / interval) * 0.25);
check(`concurrency.max timer lateness ${maxLateness.toFixed(1)} ms`, maxLateness < 250);
console.log(`measured: ${count} fetches in ${elapsed.toFixed(0)} ms (issuing the calls: ${issueMs.toFixed(0)} ms), first done after ${firstDone[0].toFixed(0)} ms, ` +
  `max setInterval(${interval}) lateness ${maxLateness.toFixed(1)} ms over ${ticks} ticks`);
const stats = nano.fetchStats();
console.log(`connections opened ${stats.connectionsOpened}, idle now ${stats.idleConnections}`);
check("concurrency.at most 6 connections per origin", stats.connectionsOpened <= ports.length * 6, String(stats.connectionsOpened));
await expectNoLeaks("concurrency.only idle keep-alive connections remain");
done();
