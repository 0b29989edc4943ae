// Faults: a handler that misbehaves on purpose, to see how the workbench shows it.
// GET /loop spins forever (the watchdog stops it and answers 503), /throw throws,
// /reject returns a rejected promise, anything else answers normally.
// workbench-load: /ok /throw /reject
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/loop") for (;;);
    if (pathname === "/throw") throw new Error("the handler threw on purpose");
    if (pathname === "/reject") return Promise.reject(new TypeError("a rejected response promise"));
    return new Response(`ok ${pathname}\n`);
  },
};
