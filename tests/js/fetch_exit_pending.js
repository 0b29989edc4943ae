// Runtime teardown with fetches in flight (a connect, a DNS lookup, a body):
// resolvers, sockets and lookups are released without running JS; no crash.
// expect-exit: 3
"use strict";
fetch("http://127.0.0.1:1/").then(() => console.log("never"), () => console.log("never either"));
fetch("http://localhost:1/").then(() => console.log("never"), () => console.log("never either"));
fetch("data:,x").then((r) => console.log("data: settled", r.status));
console.log("pending", nano.fetchStats().pendingRequests);
Promise.resolve().then(() => Promise.resolve()).then(() => nano.exit(3));
