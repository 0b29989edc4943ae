// Shared helpers of the fetch integration scripts (run by fetch_test.py).
export const config = JSON.parse(nano.args[0] ?? "{}");

let failures = 0;

export function check(name, condition, detail = "") {
  if (condition) {
    console.log(`ok ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

export function eq(name, actual, expected) {
  const same = Object.is(actual, expected) || JSON.stringify(actual) === JSON.stringify(expected);
  check(name, same, `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

export function describe(e) {
  if (e === null || typeof e !== "object") return String(e);
  const cause = e.cause ? ` cause={code: ${e.cause.code}, message: ${e.cause.message}}` : "";
  return `${e.name}: ${e.message}${cause}`;
}

// Awaits a promise that must reject; predicate(error) says whether the error is right.
export async function rejects(name, promise, predicate) {
  try {
    const value = await promise;
    check(name, false, `fulfilled with ${value}`);
    return undefined;
  } catch (e) {
    check(name, predicate(e), `rejected with ${describe(e)}`);
    return e;
  }
}

export const isFetchError = (code) => (e) => e instanceof TypeError && e.message === "fetch failed" &&
  e.cause?.code === code;
export const isAbortError = (e) => e instanceof DOMException && e.name === "AbortError";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// No fetch, socket, timer or lookup left except idle keep-alive connections
// (socket + idle timer each). Waits a moment: libuv closes handles a tick later.
export async function expectNoLeaks(name, { idle = undefined } = {}) {
  await sleep(30);
  const s = nano.fetchStats();
  const ok = s.pendingRequests === 0 && s.dnsLookups === 0 && s.liveConnections === s.idleConnections &&
    s.handles === 2 * s.idleConnections && (idle === undefined || s.idleConnections === idle);
  check(name, ok, JSON.stringify(s));
}

export function done() {
  console.log(failures ? `${failures} FAILED` : "all ok");
  if (failures) nano.exit(1);
}

// The body the test server's pattern() makes, for comparing decoded bodies.
export function pattern(size) {
  let block = "";
  for (let i = 0; i < 1000; i++) block += `line ${String(i).padStart(6, "0")}: the quick brown fox jumps over the lazy dog\n`;
  return block.repeat(Math.floor(size / block.length) + 1).slice(0, size);
}
