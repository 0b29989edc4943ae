// Served under `nanojs serve --inspect` by inspector_cdp.py (test_served_handler).
export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n"));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const local = n * 2;
    return new Response(`answer ${local}`);  // BREAK HERE
  },
};
