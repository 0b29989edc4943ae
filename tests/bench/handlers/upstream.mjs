// The upstream of the fetch-proxy case when served by nanojs (http.py prefers
// upstream_node.mjs when node is available, so that the upstream is not the
// runtime under test).
const BODY = "upstream says hello, " + "x".repeat(64) + "\n";

export default {
  fetch() {
    return new Response(BODY, { headers: { "content-type": "text/plain" } });
  },
};
