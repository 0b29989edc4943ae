// An "error" listener that calls preventDefault() handles uncaught errors: the
// runtime neither prints them nor exits, so the run ends with exit code 0.
const seen = [];
addEventListener("error", (event) => {
  seen.push(`${event.constructor.name} ${event.type} cancelable=${event.cancelable} trusted=${event.isTrusted} ` +
    `message=${event.message} error=${event.error?.message} line=${event.lineno} file=${event.filename.endsWith("events_uncaught_prevented.js")}`);
  event.preventDefault();
});

setTimeout(() => {
  throw new TypeError("from a timer");
}, 1);

setTimeout(() => {
  // onerror gets (message, filename, lineno, colno, error); returning true cancels.
  onerror = (message, filename, lineno, colno, error) => {
    seen.push(`onerror(${message}, ${typeof filename}, ${typeof lineno}, ${typeof colno}, ${error})`);
    return true;
  };
  queueMicrotask(() => {
    throw "a string";
  });
}, 5);

setTimeout(() => {
  console.log(seen.join("\n"));
  console.log(`onerror is ${typeof onerror}; set to null: ${(onerror = null, onerror)}`);
  console.log("still running");
}, 20);
