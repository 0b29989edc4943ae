// An error thrown by the main script is dispatched as an "error" event too;
// canceling it keeps the exit code 0 and prints nothing to stderr.
addEventListener("error", (event) => {
  console.log(`handled: ${event.message} (${event.error instanceof TypeError})`);
  event.preventDefault();
});
console.log("before");
throw new TypeError("top level");
