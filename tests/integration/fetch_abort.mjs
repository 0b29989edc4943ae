// AbortSignal at every phase of a fetch, connect and read timeouts, and what
// is left afterwards (nothing). fetch_test.py checks the phases in the
// telemetry export and that the servers saw every socket closed.
import { check, config, describe, done, eq, expectNoLeaks, isAbortError, isFetchError, rejects, sleep } from "./fetch_lib.mjs";

const upstream = `http://127.0.0.1:${config.port}`;
const hole = `http://127.0.0.1:${config.holePort}`;
const stall = `https://127.0.0.1:${config.stallPort}`;

async function abortIn(phase, url, init = {}, delay = 200) {
  const controller = new AbortController();
  const started = performance.now();
  const promise = fetch(url, { ...init, signal: controller.signal });
  if (delay === 0) controller.abort();
  else setTimeout(() => controller.abort(), delay);
  const e = await rejects(`abort.${phase}: rejects with AbortError`, promise, isAbortError);
  const elapsed = performance.now() - started;
  check(`abort.${phase}: promptly`, elapsed < delay + 500, `${elapsed.toFixed(0)} ms`);
  return e;
}

// --- abort at each phase -----------------------------------------------------------
await abortIn("dns", `http://localhost:${config.port}/hello?abortphase=dns`, {}, 0);
await abortIn("connecting", `${hole}/?abortphase=connecting`);
await abortIn("tls", `${stall}/?abortphase=tls`);
{
  let cancelReason;
  const body = new ReadableStream({
    pull() { return new Promise(() => {}); },  // never produces a chunk
    cancel(reason) { cancelReason = reason; },
  });
  await abortIn("sending", `${upstream}/stall-head?abortphase=sending`, { method: "POST", body, duplex: "half" });
  check("abort.sending: request body stream cancelled with the reason", isAbortError(cancelReason), describe(cancelReason));
}
await abortIn("waiting", `${upstream}/stall-head?abortphase=waiting`);
{
  const controller = new AbortController();
  const r = await fetch(`${upstream}/stall-body?size=100000&sent=1000&abortphase=receiving`, { signal: controller.signal });
  const reader = r.body.getReader();
  const first = await reader.read();
  eq("abort.receiving: first bytes arrive", first.value.length, 1000);
  setTimeout(() => controller.abort(), 100);
  await rejects("abort.receiving: the pending read rejects with AbortError", reader.read(), isAbortError);
}
{
  const controller = new AbortController();
  const r = await fetch(`${upstream}/stall-body?size=100000&sent=1000&abortphase=receiving`, { signal: controller.signal });
  controller.abort(new RangeError("custom reason"));
  await rejects("abort.receiving: body not read yet rejects with the signal's reason", r.text(),
    (e) => e instanceof RangeError && e.message === "custom reason");
}
{
  const controller = new AbortController();
  const promise = fetch(`${upstream}/stall-head?abortphase=waiting`, { signal: controller.signal });
  const reason = new Error("my reason");
  setTimeout(() => controller.abort(reason), 100);
  await rejects("abort.custom reason is the rejection", promise, (e) => e === reason);
}
{
  const before = nano.fetchStats().connectionsOpened;
  await rejects("abort.already aborted signal", fetch(`${upstream}/hello`, { signal: AbortSignal.abort() }), isAbortError);
  eq("abort.already aborted: no connection opened", nano.fetchStats().connectionsOpened, before);
  await rejects("abort.AbortSignal.timeout", fetch(`${upstream}/stall-head?abortphase=waiting`, { signal: AbortSignal.timeout(150) }),
    (e) => e instanceof DOMException && e.name === "TimeoutError");
}
{
  // A completed fetch is unaffected by a later abort of its signal once read.
  const controller = new AbortController();
  const r = await fetch(`${upstream}/hello`, { signal: controller.signal });
  eq("abort.after completion: body readable", await r.text(), "hello world");
  controller.abort();
}

// --- timeouts -----------------------------------------------------------------------
async function timesOut(name, url, init, expectMs) {
  const started = performance.now();
  const e = await rejects(`timeout.${name}`, fetch(url, init), isFetchError("ETIMEDOUT"));
  const elapsed = performance.now() - started;
  check(`timeout.${name}: after ~${expectMs} ms`, elapsed >= expectMs - 20 && elapsed < expectMs + 1500, `${elapsed.toFixed(0)} ms`);
  console.log(`  ${describe(e)}`);
}
await timesOut("connect", `${hole}/?timeout=connect`, { nano: { connectTimeout: 300 } }, 300);
await timesOut("tls handshake", `${stall}/?timeout=tls`, { nano: { connectTimeout: 300 } }, 300);
await timesOut("response head", `${upstream}/stall-head?timeout=read`, { nano: { readTimeout: 300 } }, 300);
{
  const r = await fetch(`${upstream}/stall-body?size=100000&sent=1000&timeout=body`, { nano: { readTimeout: 300 } });
  const started = performance.now();
  const e = await rejects("timeout.body", r.text(), isFetchError("ETIMEDOUT"));
  check("timeout.body: after ~300 ms", performance.now() - started < 2000);
  console.log(`  ${describe(e)}`);
}
await rejects("timeout.bad option", fetch(`${upstream}/hello`, { nano: { readTimeout: -1 } }), (e) => e instanceof TypeError);

// --- nothing left ---------------------------------------------------------------------
await expectNoLeaks("abort.no live connections, handles, lookups or requests");
await sleep(300);
const closed = Number(await (await fetch(`${upstream}/closed-count`)).text());
eq("abort.upstream saw every stalled connection closed by the client", closed, 8);
done();
