// An "unhandledrejection" listener that calls preventDefault() handles the
// rejection: nothing is printed and the run ends with exit code 0.
const log = [];
const lost = Promise.reject(new Error("lost"));
addEventListener("unhandledrejection", (event) => {
  log.push(`${event.constructor.name} ${event.type} cancelable=${event.cancelable} trusted=${event.isTrusted} ` +
    `reason=${event.reason?.message ?? event.reason} samePromise=${event.promise === lost}`);
  event.preventDefault();
});

// A rejection handled in time fires nothing.
Promise.reject(new Error("handled")).catch(() => {});

setTimeout(() => {
  // onunhandledrejection returning false cancels too.
  onunhandledrejection = (event) => {
    log.push(`onunhandledrejection: ${event.reason}`);
    return false;
  };
  (async () => { throw 42; })();
}, 1);

setTimeout(() => {
  console.log(log.join("\n"));
  console.log("still running");
}, 20);
