// Driven by inspector_cdp.py over the Chrome DevTools Protocol. Idles on a
// timer until the test sets globalThis.mode (through Runtime.evaluate), then
// does what the mode asks; globalThis.done = true lets the program end.
globalThis.mode = "";
globalThis.done = false;
globalThis.ticks = 0;
globalThis.spins = 0;
globalThis.finished = false;

function work(n) {
  const local = n * 2;
  globalThis.total = local;  // BREAK HERE
  return local;
}

function spin(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) globalThis.spins++;
}

const timer = setInterval(() => {
  globalThis.ticks++;
  const mode = globalThis.mode;
  globalThis.mode = "";
  if (mode === "work") {
    console.log("work returned", work(21));
    globalThis.finished = true;
  } else if (mode === "spin") {
    spin(3000);
    globalThis.finished = true;
  } else if (mode === "throw") {
    throw new Error("boom from the target");
  } else if (mode === "reject") {
    Promise.reject(new TypeError("rejected in the target"));
  }
  if (globalThis.done) clearInterval(timer);
}, 10);

console.log("target started");
