// Pipe into a slow writable: a fast source is piped through a TransformStream
// into a WritableStream whose sink takes its time; pipeTo() waits on the
// writable's backpressure instead of buffering everything.
// workbench-load: /pipe /pipe?chunks=40&slow=25
const clamp = (value, low, high) => Math.min(high, Math.max(low, Number.isFinite(value) ? value : low));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const chunks = clamp(Number(url.searchParams.get("chunks") ?? 20), 1, 1000);
    const slowMs = clamp(Number(url.searchParams.get("slow") ?? 20), 0, 5000);
    let produced = 0;
    const source = new ReadableStream(
      {
        pull(controller) {
          if (produced === chunks) return controller.close();
          controller.enqueue(new Uint8Array(2048).fill(produced++ & 0xff));
        },
      },
      new CountQueuingStrategy({ highWaterMark: 8 }),
    );
    const upper = new TransformStream({
      transform(chunk, controller) {
        controller.enqueue(chunk.map((byte) => byte ^ 0x20));
      },
    });
    let written = 0;
    const sink = new WritableStream(
      {
        async write(chunk) {
          await sleep(slowMs);
          written += chunk.byteLength;
        },
      },
      new CountQueuingStrategy({ highWaterMark: 2 }),
    );
    const started = performance.now();
    await source.pipeThrough(upper).pipeTo(sink);
    return Response.json({ chunks, written, ms: Math.round(performance.now() - started) });
  },
};
