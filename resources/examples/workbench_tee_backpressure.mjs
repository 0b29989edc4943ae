// Tee backpressure: a body is tee()d; the client reads one branch at full speed
// while a slow reader takes the other, so the slow branch's queue grows past its
// highWaterMark (watch it in the Streams panel: red means backpressure).
// workbench-load: /tee /tee?chunks=24&slow=60
const clamp = (value, low, high) => Math.min(high, Math.max(low, Number.isFinite(value) ? value : low));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const encoder = new TextEncoder();

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const chunks = clamp(Number(url.searchParams.get("chunks") ?? 16), 1, 1000);
    const slowMs = clamp(Number(url.searchParams.get("slow") ?? 40), 0, 5000);
    let produced = 0;
    const source = new ReadableStream(
      {
        pull(controller) {
          if (produced === chunks) return controller.close();
          controller.enqueue(encoder.encode(`chunk ${produced++}\n`.padEnd(1024, ".")));
        },
      },
      new CountQueuingStrategy({ highWaterMark: 4 }),
    );
    const [toClient, toSlowReader] = source.tee();

    // The slow branch: one chunk every slowMs. Its backlog is its own (tee
    // branches do not wait for each other), so the fast branch never stalls.
    const slowReader = (async () => {
      const reader = toSlowReader.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        await sleep(slowMs);
      }
      console.log(`tee: slow branch read ${bytes} bytes in ${chunks} chunks`);
    })();
    ctx.waitUntil(slowReader);
    return new Response(toClient, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
