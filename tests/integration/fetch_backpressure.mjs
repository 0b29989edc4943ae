// A 50 MB response read slowly: the socket is read only while the body
// stream's queue has room, so the server stalls (its progress stays a few MB
// ahead of the reader) and memory stays bounded (fetch_test.py measures the
// peak RSS against a baseline run).
import { check, config, done, eq, expectNoLeaks, sleep } from "./fetch_lib.mjs";

const base = `http://127.0.0.1:${config.port}`;
const progress = async (token) => Number(await (await fetch(`${base}/progress?token=${token}`)).text());

if (config.mode === "baseline") {
  const r = await fetch(`${base}/hello`);
  eq("baseline.small fetch", await r.text(), "hello world");
  done();
} else {
  const total = config.mb * 1024 * 1024;
  const token = "bp" + Date.now();
  const r = await fetch(`${base}/large?mb=${config.mb}&token=${token}`);
  eq("backpressure.head", r.status, 200);
  // Nobody reads for a while: the queue fills to its high-water mark, then
  // the socket is left unread and TCP stops the server.
  await sleep(700);
  const aheadWhileIdle = await progress(token);
  console.log(`measured: server had sent ${(aheadWhileIdle / 1048576).toFixed(1)} MB of ${config.mb} MB after 700 ms without reads`);
  check("backpressure.server stalls while nobody reads", aheadWhileIdle < 24 * 1048576,
    `${aheadWhileIdle} bytes sent`);

  const reader = r.body.getReader();
  let read = 0;
  let chunks = 0;
  let maxLead = 0;
  const started = performance.now();
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    read += value.length;
    chunks++;
    if (chunks % 16 === 0) {
      await sleep(2);  // a slow consumer
      if (chunks % 64 === 0) maxLead = Math.max(maxLead, (await progress(token)) - read);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  eq("backpressure.every byte arrives", read, total);
  console.log(`measured: read ${config.mb} MB in ${chunks} chunks over ${seconds.toFixed(2)} s ` +
    `(${(read / 1048576 / seconds).toFixed(0)} MB/s); max server lead over the reader ${(maxLead / 1048576).toFixed(1)} MB`);
  check("backpressure.server never far ahead of the reader", maxLead < 24 * 1048576, `${maxLead} bytes`);
  await expectNoLeaks("backpressure.nothing left but idle connections");
  done();
}
