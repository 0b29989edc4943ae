// structuredClone (HTML "structured serialization" within one realm) on V8's
// ValueSerializer (api/clone.cc). Platform objects become serializable by
// registering hooks here; the native delegate calls them for host objects.
"use strict";

const {
  ArrayPrototypePush, ArrayPrototypeSlice, ObjectDefineProperty, ObjectGetOwnPropertyDescriptor,
  FunctionPrototypeCall, Error,
} = internals.primordials;
const { webidl } = internals;

// [{ type, is(object), serialize(object) -> string[], deserialize(string[]) -> object }]
const serializableTypes = [];

function dataCloneError(message) {
  if (internals.DOMException === undefined) return new Error(message);
  return new internals.DOMException(message, "DataCloneError");
}

// Other files call this for their platform objects (their instances must be
// host objects, i.e. built on ops.HostObject, for V8 to hand them to us).
internals.registerSerializable = (type, hooks) => {
  ArrayPrototypePush(serializableTypes, {
    type, is: hooks.is, serialize: hooks.serialize, deserialize: hooks.deserialize,
  });
};

function findSerializable(object) {
  for (let i = 0; i < serializableTypes.length; i++) {
    if (serializableTypes[i].is(object)) return serializableTypes[i];
  }
  return undefined;
}

// Called by the native serializer delegate: [type, ...fields] or undefined
// when the object is not serializable (a DataCloneError follows).
internals.serializeHostObject = (object) => {
  const entry = findSerializable(object);
  if (entry === undefined) return undefined;
  const fields = entry.serialize(object);
  const parts = [entry.type];
  for (let i = 0; i < fields.length; i++) ArrayPrototypePush(parts, fields[i]);
  return parts;
};

internals.deserializeHostObject = (parts) => {
  for (let i = 0; i < serializableTypes.length; i++) {
    if (serializableTypes[i].type === parts[0]) {
      return serializableTypes[i].deserialize(ArrayPrototypeSlice(parts, 1));
    }
  }
  throw dataCloneError(`Unknown serialized platform object type '${parts[0]}'.`);
};

// DOMException is serializable (WebIDL §3.14.1): name and message, plus the
// stack as HTML suggests for "interesting accompanying data".
if (internals.DOMException !== undefined) {
  const { DOMException, isDOMException } = internals;
  const getName = ObjectGetOwnPropertyDescriptor(DOMException.prototype, "name").get;
  const getMessage = ObjectGetOwnPropertyDescriptor(DOMException.prototype, "message").get;
  internals.registerSerializable("DOMException", {
    is: isDOMException,
    serialize(exception) {
      const descriptor = ObjectGetOwnPropertyDescriptor(exception, "stack");
      const stack = descriptor !== undefined && typeof descriptor.value === "string" ? descriptor.value : "";
      return [FunctionPrototypeCall(getName, exception), FunctionPrototypeCall(getMessage, exception), stack];
    },
    deserialize(fields) {
      const name = fields[0], message = fields[1], stack = fields[2];
      const exception = new DOMException(message, name);
      if (stack !== "") ObjectDefineProperty(exception, "stack", { value: stack, writable: true, configurable: true });
      return exception;
    },
  });
}

const optionsConverter = webidl.createDictionaryConverter("StructuredSerializeOptions", [
  { key: "transfer", converter: webidl.createSequenceConverter(webidl.converters.object), defaultValue: [] },
]);

function structuredClone(value, options = undefined) {
  const prefix = "Failed to execute 'structuredClone'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  const { transfer } = optionsConverter(options, prefix, "Argument 2");
  // DOMException instances are ordinary JS objects (03_dom_exception.js), not
  // host objects, so V8 never hands them to the delegate and would copy them as
  // a plain {}. As the value itself they are cloned here (the transfer list
  // still goes through the native checks and is detached as usual); nested in
  // other values they need DOMException to be built on ops.HostObject.
  if (internals.isDOMException !== undefined && internals.isDOMException(value)) {
    ops.op_structured_clone(undefined, transfer);
    return internals.deserializeHostObject(internals.serializeHostObject(value));
  }
  return ops.op_structured_clone(value, transfer);
}

// For built-ins (PerformanceMark's detail, ...): immune to user code replacing the global.
internals.structuredClone = (value, transfer = []) => ops.op_structured_clone(value, transfer);

webidl.defineGlobal("structuredClone", structuredClone);
