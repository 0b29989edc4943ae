// Without a listener that cancels it, an unhandled rejection is printed and
// the run ends with exit code 1 (the listener still sees it first).
// expect-exit: 1
// expect-stderr: Uncaught (in promise) Error: nobody handles this
addEventListener("unhandledrejection", (event) => {
  console.log(`listener saw: ${event.reason.message}`);
});
Promise.reject(new Error("nobody handles this"));
setTimeout(() => console.log("never printed"), 10);
