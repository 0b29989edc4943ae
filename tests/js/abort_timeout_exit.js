// A pending AbortSignal.timeout() never keeps the process alive, even with
// listeners: this script exits at once with 0. If the timers were ref'd, it
// would run for 100s and the runner's 50s limit would fail it.
AbortSignal.timeout(100000);
AbortSignal.timeout(100000).addEventListener("abort", () => console.log("never"));
AbortSignal.any([AbortSignal.timeout(100000)]).onabort = () => console.log("never");
console.log("done");
