// Memory-hungry: requests allocate ArrayBuffers and many small objects; with
// keep=1 they stay in a module-level cache (capped), so the heap grows from
// request to request. GET /reset empties the cache.
// workbench-load: /alloc?mb=4 /alloc?mb=16 /alloc?mb=2&keep=1 /objects?n=200000 /objects?n=50000&keep=1
const clamp = (value, low, high) => Math.min(high, Math.max(low, Number.isFinite(value) ? value : low));
const cache = [];
const kCacheEntries = 24;

function remember(value) {
  cache.push(value);
  if (cache.length > kCacheEntries) cache.shift();
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const keep = url.searchParams.get("keep") === "1";
    if (url.pathname === "/reset") {
      cache.length = 0;
      return Response.json({ cleared: true });
    }
    if (url.pathname === "/objects") {
      const n = clamp(Number(url.searchParams.get("n") ?? 100000), 1, 2_000_000);
      const objects = Array.from({ length: n }, (_, i) => ({ i, label: `item ${i}` }));
      if (keep) remember(objects);
      return Response.json({ objects: n, cached: cache.length });
    }
    const mb = clamp(Number(url.searchParams.get("mb") ?? 4), 1, 256);
    const bytes = new Uint8Array(mb * 1024 * 1024);
    crypto.getRandomValues(bytes.subarray(0, 65536));
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 4096) sum += bytes[i];
    if (keep) remember(bytes);
    return Response.json({ mb, sum, cached: cache.length });
  },
};
