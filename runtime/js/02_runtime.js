// Exceptions nobody caught, reportError, and the `nano` namespace.
"use strict";
const { ObjectFreeze, ObjectDefineProperty, ReflectOwnKeys, ArrayPrototypeSlice } = internals.primordials;
const { webidl } = internals;

internals.reportException = (error) => ops.op_report_exception(error);
// Fast paths for ordinary objects must not skip the traps a Proxy observes.
internals.isProxy = (value) => ops.op_is_proxy(value);
// A promise's value if it is fulfilled already, else `otherwise`.
internals.fulfilledValue = (promise, otherwise) => ops.op_fulfilled_value(promise, otherwise);

function reportError(error) {
  webidl.requiredArguments(arguments.length, 1, "Failed to execute 'reportError'");
  internals.reportException(error);
}

// The `nano` namespace. Later files add to it with internals.extendNano();
// 99_finalize.js freezes it once the bootstrap is done.
const nano = {
  args: ObjectFreeze(ArrayPrototypeSlice(ops.args, 1)),
  version: ObjectFreeze({ nano: ops.version, v8: ops.v8Version }),
  exit(code = 0) { ops.op_exit(code); },
};
internals.nano = nano;
internals.extendNano = (members) => {
  for (const key of ReflectOwnKeys(members)) {
    ObjectDefineProperty(nano, key, { value: members[key], enumerable: true, writable: false, configurable: false });
  }
};

webidl.defineGlobals({ reportError, nano });
