// Exceptions nobody caught, reportError, and the `nano` namespace.
"use strict";
const { ObjectFreeze, ArrayPrototypeSlice } = internals.primordials;
const { webidl } = internals;

internals.reportException = (error) => ops.op_report_exception(error);

function reportError(error) {
  webidl.requiredArguments(arguments.length, 1, "Failed to execute 'reportError'");
  internals.reportException(error);
}

const nano = ObjectFreeze({
  args: ObjectFreeze(ArrayPrototypeSlice(ops.args, 1)),
  version: ObjectFreeze({ nano: ops.version, v8: ops.v8Version }),
  exit(code = 0) { ops.op_exit(code); },
});

webidl.defineGlobals({ reportError, nano });
