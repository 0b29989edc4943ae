// An uncaught error exits with 1 and prints file:line:col, the source line and the stack.
// expect-exit: 1
// expect-stderr: uncaught_error.js:8:9
// expect-stderr:   throw new RangeError("out of range");
// expect-stderr: Uncaught RangeError: out of range
// expect-stderr:     at explode (file://
function explode() {
  throw new RangeError("out of range");
}
console.log("before");
explode();
console.log("never printed");
