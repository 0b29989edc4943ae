// An "error" listener that throws does not recurse: the error it throws is
// reported without another "error" event, and the run fails.
// expect-exit: 1
// expect-stderr: Uncaught Error: thrown by the error listener
let calls = 0;
addEventListener("error", (event) => {
  calls++;
  console.log(`error listener call ${calls}: ${event.error.message}`);
  throw new Error("thrown by the error listener");
});
setTimeout(() => console.log("never printed"), 10);
throw new Error("original");
