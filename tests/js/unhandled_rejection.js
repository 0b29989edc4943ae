// A rejection nobody handles ends the run with exit code 1; a handler added in time does not.
// expect-exit: 1
// expect-stderr: Uncaught (in promise) Error: lost
const handledLate = Promise.reject(new Error("handled"));
handledLate.catch(() => console.log("caught in time"));
setTimeout(() => {
  Promise.reject(new Error("lost"));
  setTimeout(() => console.log("never printed"), 10);
}, 1);
