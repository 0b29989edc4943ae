// Fetch fan-out: each request fetches several upstream URLs at once and merges the answers.
// workbench-load: /fanout?n=4 /fanout?n=8 /fanout?n=2&delay=120
//
// In the workbench env.UPSTREAM is a small HTTP server inside the app
// (GET /delay/MS?size=BYTES). Without it (nanojs serve) the handler is its own
// upstream under /upstream/delay/MS.
const clamp = (value, low, high) => Math.min(high, Math.max(low, Number.isFinite(value) ? value : low));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/upstream/delay/")) {
      const delay = clamp(Number(url.pathname.split("/")[3]), 0, 10000);
      await sleep(delay);
      return Response.json({ path: url.pathname, delay });
    }
    const n = clamp(Number(url.searchParams.get("n") ?? 4), 1, 32);
    const delay = clamp(Number(url.searchParams.get("delay") ?? 30), 0, 5000);
    const base = env.UPSTREAM ?? `${url.origin}/upstream`;
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const response = await fetch(`${base}/delay/${delay + i * 15}?size=${256 * (i + 1)}`);
        const body = await response.json();
        return { status: response.status, path: body.path };
      }),
    );
    return Response.json({ n, ms: Math.round(performance.now() - started), answers });
  },
};
