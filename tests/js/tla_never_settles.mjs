// A top-level await that nothing can settle is an error, not a silent success.
// expect-exit: 13
// expect-stderr: Top-level await promise never resolved
await new Promise(() => {});
