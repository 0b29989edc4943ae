// Request bodies from a ReadableStream: sent with chunked encoding, the next
// chunk read only when the socket took the previous one (backpressure).
import { check, config, describe, done, eq, expectNoLeaks, isAbortError, rejects, sleep } from "./fetch_lib.mjs";

const base = `http://127.0.0.1:${config.port}`;
const encoder = new TextEncoder();

function streamOf(parts, delay = 5) {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (i === parts.length) return controller.close();
      await sleep(delay);
      controller.enqueue(encoder.encode(parts[i++]));
    },
  });
}

{
  const parts = ["first,", "second,", "", "third"];
  const r = await fetch(`${base}/echo`, { method: "POST", body: streamOf(parts), duplex: "half" });
  const j = await r.json();
  eq("upload.streamed body arrives whole", j.body, "first,second,third");
  eq("upload.chunked encoding, one HTTP chunk per non-empty stream chunk", [j.headers["transfer-encoding"], j.chunks],
    ["chunked", [6, 7, 5]]);
  eq("upload.no content-length", j.headers["content-length"], undefined);
}
{
  const request = new Request(`${base}/echo`, { method: "PUT", body: streamOf(["a", "b"]), duplex: "half" });
  const j = await (await fetch(request)).json();
  eq("upload.Request with a stream body", [j.method, j.body], ["PUT", "ab"]);
}
{
  // 32 MB offered in 64 KB chunks to a server that reads nothing until told:
  // only what fits in the socket buffers may be pulled from the stream.
  const token = "up" + Date.now();
  const total = 32 * 1024 * 1024;
  let pulled = 0;
  const chunk = new Uint8Array(65536).fill(120);
  const body = new ReadableStream({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.length;
      controller.enqueue(chunk.slice());
    },
  }, { highWaterMark: 0 });
  const upload = fetch(`${base}/slow-upload?token=${token}`, { method: "POST", body, duplex: "half" });
  await sleep(700);
  const pulledWhileBlocked = pulled;
  console.log(`measured: ${(pulledWhileBlocked / 1048576).toFixed(1)} MB of 32 MB pulled while the server did not read`);
  check("upload.backpressure: stream not drained while the server does not read", pulledWhileBlocked < 24 * 1048576,
    `${pulledWhileBlocked} bytes pulled`);
  await (await fetch(`${base}/open-gate?token=${token}`)).text();
  const j = await (await upload).json();
  eq("upload.32 MB arrive once the server reads", j.length, total);
}
{
  const body = new ReadableStream({
    start(controller) { controller.enqueue(encoder.encode("partial")); },
    async pull(controller) {
      await sleep(20);
      controller.error(new RangeError("source broke"));
    },
  });
  const e = await rejects("upload.stream error: fetch fails", fetch(`${base}/stall-head`, { method: "POST", body, duplex: "half" }),
    (e) => e instanceof TypeError && e.cause instanceof RangeError && e.cause.message === "source broke");
  console.log(`  ${describe(e)}`);
}
{
  const body = new ReadableStream({
    start(controller) { controller.enqueue("not bytes"); controller.close(); },
  });
  await rejects("upload.non-Uint8Array chunk: TypeError", fetch(`${base}/echo`, { method: "POST", body, duplex: "half" }),
    (e) => e instanceof TypeError);
}
{
  let cancelled = false;
  const body = new ReadableStream({
    pull(controller) { controller.enqueue(encoder.encode("x")); return sleep(10); },
    cancel() { cancelled = true; },
  });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 150);
  await rejects("upload.abort while streaming", fetch(`${base}/stall-head`, { method: "POST", body, duplex: "half", signal: controller.signal }),
    isAbortError);
  check("upload.abort cancels the source stream", cancelled);
}
{
  await rejects("upload.307 with a stream body is a network error",
    fetch(`${base}/redirect/307?to=/echo`, { method: "POST", body: streamOf(["x"]), duplex: "half" }),
    (e) => e instanceof TypeError && e.cause?.code === "ERR_REDIRECT_BODY");
  const j = await (await fetch(`${base}/redirect/303?to=/echo`, { method: "POST", body: streamOf(["x", "y"]), duplex: "half" })).json();
  eq("upload.303 drops a stream body and GETs", [j.method, j.body], ["GET", ""]);
}
await expectNoLeaks("upload.nothing left but idle connections");
done();
