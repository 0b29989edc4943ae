// An "error" listener that does not cancel the event sees the error, which
// then is still printed and ends the run with exit code 1.
// expect-exit: 1
// expect-stderr: Uncaught Error: not handled
addEventListener("error", (event) => {
  console.log(`listener saw: ${event.error.message} defaultPrevented=${event.defaultPrevented}`);
});
// onerror returning false (not true) does not cancel an error event.
onerror = () => false;
setTimeout(() => console.log("never printed"), 10);
throw new Error("not handled");
