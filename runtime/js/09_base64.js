// atob and btoa (HTML "Base64 utility methods"): forgiving-base64, done natively
// (api/base64.cc). Both throw an "InvalidCharacterError" DOMException.
"use strict";

const { webidl } = internals;
const { converters } = webidl;

function btoa(data) {
  const prefix = "Failed to execute 'btoa'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  return ops.op_base64_encode(converters.DOMString(data, prefix, "Argument 1"));
}

function atob(data) {
  const prefix = "Failed to execute 'atob'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  return ops.op_base64_decode(converters.DOMString(data, prefix, "Argument 1"));
}

webidl.defineGlobals({ atob, btoa });
