// The console namespace (https://console.spec.whatwg.org/) and a value
// formatter that prints like Node's util.inspect, so output matches what
// people see elsewhere. Native ops tell apart the kinds of objects that JS
// cannot detect without side effects (op_console_type) and read what JS
// cannot reach at all (promise state, proxy target, weak collection entries).
"use strict";

const {
  ArrayIsArray, ArrayPrototypeIncludes, ArrayPrototypeIndexOf, ArrayPrototypeJoin,
  ArrayPrototypePop, ArrayPrototypePush, ArrayPrototypeSlice, ArrayPrototypeSort,
  ArrayPrototypeSplice, ArrayPrototypeUnshift, BigIntPrototypeValueOf, BooleanPrototypeValueOf,
  DatePrototypeGetTime, DatePrototypeToISOString, DatePrototypeToString, Error,
  ErrorCaptureStackTrace, ErrorPrototypeToString, FunctionPrototypeCall,
  FunctionPrototypeToString, MapPrototypeDelete, MapPrototypeEntries, MapPrototypeGet,
  MapPrototypeGetSize, MapPrototypeHas, MapPrototypeSet, MathFloor, MathMax, MathMin, MathRound,
  MathSqrt, MathTrunc, Number, NumberIsFinite, NumberIsNaN, NumberParseFloat, NumberParseInt,
  NumberPrototypeToFixed, NumberPrototypeToString, NumberPrototypeValueOf, ObjectCreate,
  ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ObjectGetOwnPropertyNames,
  ObjectGetOwnPropertySymbols, ObjectGetPrototypeOf, ObjectIs, ObjectKeys,
  ObjectPrototypeHasOwnProperty, ObjectPrototypePropertyIsEnumerable, ObjectValues, RangeError,
  ReflectApply, RegExp, RegExpPrototypeExec, RegExpPrototypeToString, SafeMap, SetPrototypeGetSize,
  SetPrototypeValues, String, StringPrototypeCharCodeAt, StringPrototypeCodePointAt,
  StringPrototypeEndsWith, StringPrototypeIncludes, StringPrototypeIndexOf,
  StringPrototypeLastIndexOf, StringPrototypePadEnd, StringPrototypePadStart,
  StringPrototypeRepeat, StringPrototypeSlice, StringPrototypeStartsWith,
  StringPrototypeToLowerCase, StringPrototypeValueOf, SymbolFor, SymbolIterator,
  SymbolPrototypeToString, SymbolPrototypeValueOf, SymbolToStringTag,
  TypedArrayPrototypeGetLength, TypedArrayPrototypeGetSymbolToStringTag, Uint8Array,
  uncurryThis, globalThis: global,
} = internals.primordials;
const primordials = internals.primordials;
const { webidl } = internals;

// Iterator steps that user code cannot patch (%MapIteratorPrototype%.next, ...).
const MapIteratorNext = uncurryThis(ObjectGetPrototypeOf(new SafeMap()[SymbolIterator]()).next);
const SetIteratorNext = uncurryThis(ObjectGetPrototypeOf(new Set()[SymbolIterator]()).next);

// Mirrors ValueType in runtime/api/console.cc.
const kOther = 0, kProxy = 1, kArray = 2, kMap = 3, kSet = 4, kMapIterator = 5,
  kSetIterator = 6, kWeakMap = 7, kWeakSet = 8, kDate = 9, kRegExp = 10, kNativeError = 11,
  kPromise = 12, kArguments = 13, kModuleNamespace = 14, kArrayBuffer = 15,
  kSharedArrayBuffer = 16, kDataView = 17, kTypedArray = 18, kNumberObject = 19,
  kStringObject = 20, kBooleanObject = 21, kBigIntObject = 22, kSymbolObject = 23, kExternal = 24,
  kFunction = 25, kAsyncFunction = 26, kGeneratorFunction = 27, kAsyncGeneratorFunction = 28;
const typeOf = ops.op_console_type;

const kObjectType = 0;
const kArrayType = 1;  // array elements: no key shown
const kArrayExtrasType = 2;  // the other keys of arrays
const kMinLineWidth = 16;
const kWeak = 0, kIterator = 1, kMapEntries = 2;

const customInspectSymbol = SymbolFor("nodejs.util.inspect.custom");

const inspectDefaultOptions = {
  __proto__: null,
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};
const optionNames = ObjectKeys(inspectDefaultOptions);

// ANSI styles as in Node's inspect.styles / inspect.colors.
const styles = {
  __proto__: null,
  special: "cyan", number: "yellow", bigint: "yellow", boolean: "yellow", undefined: "grey",
  null: "bold", string: "green", symbol: "green", date: "magenta", regexp: "red",
  module: "underline",
};
const colorCodes = {
  __proto__: null,
  bold: [1, 22], italic: [3, 23], underline: [4, 24], inverse: [7, 27], white: [37, 39],
  grey: [90, 39], black: [30, 39], blue: [34, 39], cyan: [36, 39], green: [32, 39],
  magenta: [35, 39], red: [31, 39], yellow: [33, 39],
};

function stylizeWithColor(str, styleType) {
  const style = styles[styleType];
  if (style !== undefined) {
    const color = colorCodes[style];
    if (color !== undefined) return `\x1b[${color[0]}m${str}\x1b[${color[1]}m`;
  }
  return str;
}

function stylizeNoColor(str) {
  return str;
}

// Constructor names of the JS built-ins: objects whose toString comes from one
// of them are inspected by %s instead of being stringified.
const builtInObjects = new SafeMap();
{
  const names = ObjectGetOwnPropertyNames(global);
  for (let i = 0; i < names.length; i++) {
    if (RegExpPrototypeExec(/^[A-Z][a-zA-Z0-9]+$/, names[i]) !== null) {
      MapPrototypeSet(builtInObjects, names[i], true);
    }
  }
}

// ---------------------------------------------------------------------------
// String helpers that avoid user-patchable Symbol.replace / Symbol.split.

// Replaces every "\n" in text with "\n" + indent.
function indentNewlines(text, indent) {
  let index = StringPrototypeIndexOf(text, "\n");
  if (index === -1) return text;
  let out = "";
  let last = 0;
  while (index !== -1) {
    out += StringPrototypeSlice(text, last, index + 1) + indent;
    last = index + 1;
    index = StringPrototypeIndexOf(text, "\n", last);
  }
  return out + StringPrototypeSlice(text, last);
}

function splitString(text, separator) {
  const parts = [];
  let last = 0;
  let index = StringPrototypeIndexOf(text, separator);
  while (index !== -1) {
    ArrayPrototypePush(parts, StringPrototypeSlice(text, last, index));
    last = index + separator.length;
    index = StringPrototypeIndexOf(text, separator, last);
  }
  ArrayPrototypePush(parts, StringPrototypeSlice(text, last));
  return parts;
}

// Lines that keep their trailing "\n" (like split(/(?<=\n)/)).
function splitKeepNewlines(text) {
  const parts = [];
  let last = 0;
  let index = StringPrototypeIndexOf(text, "\n");
  while (index !== -1 && index + 1 < text.length) {
    ArrayPrototypePush(parts, StringPrototypeSlice(text, last, index + 1));
    last = index + 1;
    index = StringPrototypeIndexOf(text, "\n", last);
  }
  ArrayPrototypePush(parts, StringPrototypeSlice(text, last));
  return parts;
}

function removeColors(text) {
  let index = StringPrototypeIndexOf(text, "\x1b[");
  if (index === -1) return text;
  let out = "";
  let last = 0;
  while (index !== -1) {
    const end = StringPrototypeIndexOf(text, "m", index);
    if (end === -1) break;
    out += StringPrototypeSlice(text, last, index);
    last = end + 1;
    index = StringPrototypeIndexOf(text, "\x1b[", last);
  }
  return out + StringPrototypeSlice(text, last);
}

function isFullWidthCodePoint(code) {
  return code >= 0x1100 && (
    code <= 0x115f || code === 0x2329 || code === 0x232a ||
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
    (code >= 0x3250 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0xa4c6) ||
    (code >= 0xa960 && code <= 0xa97c) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6b) || (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1b000 && code <= 0x1b001) ||
    (code >= 0x1f200 && code <= 0x1f251) || (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd));
}

function isZeroWidthCodePoint(code) {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) || (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xfe20 && code <= 0xfe2f) ||
    (code >= 0xe0100 && code <= 0xe01ef);
}

// Terminal columns a string takes (East Asian wide characters count twice).
function getStringWidth(text, removeControlChars = true) {
  if (removeControlChars) text = removeColors(text);
  if (RegExpPrototypeExec(/^[\x20-\x7e]*$/, text) !== null) return text.length;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = StringPrototypeCodePointAt(text, i);
    if (code > 0xffff) i++;
    if (isFullWidthCodePoint(code)) width += 2;
    else if (!isZeroWidthCodePoint(code)) width++;
  }
  return width;
}

// ---------------------------------------------------------------------------
// Quoting strings.

const meta = [
  "\\x00", "\\x01", "\\x02", "\\x03", "\\x04", "\\x05", "\\x06", "\\x07",
  "\\b", "\\t", "\\n", "\\x0B", "\\f", "\\r", "\\x0E", "\\x0F",
  "\\x10", "\\x11", "\\x12", "\\x13", "\\x14", "\\x15", "\\x16", "\\x17",
  "\\x18", "\\x19", "\\x1A", "\\x1B", "\\x1C", "\\x1D", "\\x1E", "\\x1F",
];
for (let i = 32; i < 160; i++) meta[i] = "";
meta[39] = "\\'";
meta[92] = "\\\\";
for (let i = 0x7f; i < 0xa0; i++) meta[i] = `\\x${NumberPrototypeToString(i, 16).toUpperCase()}`;

const strEscapeSequencesRegExp =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesRegExpSingle =
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function addQuotes(str, quotes) {
  if (quotes === -1) return `"${str}"`;
  if (quotes === -2) return `\`${str}\``;
  return `'${str}'`;
}

// Escapes control characters, backslashes, lone surrogates and the chosen
// quote; picks ' unless the string contains it, then " or `.
function strEscape(str) {
  let escapeTest = strEscapeSequencesRegExp;
  let singleQuote = 39;
  if (StringPrototypeIncludes(str, "'")) {
    if (!StringPrototypeIncludes(str, '"')) {
      singleQuote = -1;
    } else if (!StringPrototypeIncludes(str, "`") && !StringPrototypeIncludes(str, "${")) {
      singleQuote = -2;
    }
    if (singleQuote !== 39) escapeTest = strEscapeSequencesRegExpSingle;
  }
  if (RegExpPrototypeExec(escapeTest, str) === null) return addQuotes(str, singleQuote);
  let result = "";
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const point = StringPrototypeCharCodeAt(str, i);
    if (point === singleQuote || point === 92 || point < 32 || (point > 126 && point < 160)) {
      result += StringPrototypeSlice(str, last, i) + meta[point];
      last = i + 1;
    } else if (point >= 0xd800 && point <= 0xdfff) {
      if (point <= 0xdbff && i + 1 < str.length) {
        const next = StringPrototypeCharCodeAt(str, i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      result += `${StringPrototypeSlice(str, last, i)}\\u${NumberPrototypeToString(point, 16)}`;
      last = i + 1;
    }
  }
  if (last !== str.length) result += StringPrototypeSlice(str, last);
  return addQuotes(result, singleQuote);
}

// Escapes a symbol description or non-enumerable key shown in brackets.
function escapeKey(str) {
  if (RegExpPrototypeExec(strEscapeSequencesRegExp, str) === null) return str;
  const quoted = strEscape(str);
  return StringPrototypeSlice(quoted, 1, -1);
}

// ---------------------------------------------------------------------------
// inspect()

function inspect(value, opts) {
  const ctx = {
    budget: { __proto__: null },
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    stylize: stylizeNoColor,
    circular: undefined,
    showHidden: inspectDefaultOptions.showHidden,
    depth: inspectDefaultOptions.depth,
    colors: inspectDefaultOptions.colors,
    customInspect: inspectDefaultOptions.customInspect,
    showProxy: inspectDefaultOptions.showProxy,
    maxArrayLength: inspectDefaultOptions.maxArrayLength,
    maxStringLength: inspectDefaultOptions.maxStringLength,
    breakLength: inspectDefaultOptions.breakLength,
    compact: inspectDefaultOptions.compact,
    sorted: inspectDefaultOptions.sorted,
    getters: inspectDefaultOptions.getters,
    numericSeparator: inspectDefaultOptions.numericSeparator,
  };
  if (arguments.length > 1) {
    if (opts !== null && typeof opts === "object") {
      for (let i = 0; i < optionNames.length; i++) {
        const key = optionNames[i];
        const option = opts[key];
        if (option !== undefined) ctx[key] = option;
      }
      if (typeof opts.stylize === "function") ctx.userStylize = opts.stylize;
    } else {
      // Legacy form: inspect(value, showHidden, depth, colors).
      if (opts !== undefined) ctx.showHidden = opts;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.userStylize !== undefined) ctx.stylize = ctx.userStylize;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
ObjectDefineProperty(inspect, "custom", { value: customInspectSymbol });

// The options handed to a custom inspect function.
function getUserOptions(ctx) {
  const options = { stylize: ctx.stylize };
  for (let i = 0; i < optionNames.length; i++) {
    options[optionNames[i]] = ctx[optionNames[i]];
  }
  return options;
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== "object" && typeof value !== "function") {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) return ctx.stylize("null", "null");

  const context = value;
  // Look through proxies without running any of their traps.
  let type = typeOf(value);
  let isProxy = false;
  if (type === kProxy) {
    isProxy = true;
    if (ctx.showProxy) {
      const details = ops.op_console_proxy_details(value, true);
      if (details[0] === null) return ctx.stylize("<Revoked Proxy>", "special");
      return formatProxy(ctx, details, recurseTimes);
    }
    while (type === kProxy) {
      value = ops.op_console_proxy_details(value, false);
      if (value === null) return ctx.stylize("<Revoked Proxy>", "special");
      type = typeOf(value);
    }
    if (typeof value !== "object" && typeof value !== "function") {
      return formatPrimitive(ctx.stylize, value, ctx);
    }
  }

  if (ctx.customInspect) {
    const maybeCustom = value[customInspectSymbol];
    if (typeof maybeCustom === "function" && maybeCustom !== inspect &&
        !isPrototypeObject(value)) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const ret = FunctionPrototypeCall(maybeCustom, isProxy ? value : context, depth,
        getUserOptions(ctx), inspect);
      if (ret !== context) {
        if (typeof ret !== "string") return formatValue(ctx, ret, recurseTimes);
        return indentNewlines(ret, StringPrototypeRepeat(" ", ctx.indentationLvl));
      }
    }
  }

  if (ArrayPrototypeIncludes(ctx.seen, value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new SafeMap();
      ctx.circular.set(value, index);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return ctx.stylize(`[Circular *${index}]`, "special");
  }

  return formatRaw(ctx, value, recurseTimes, typedArray, type);
}

function isPrototypeObject(value) {
  try {
    const constructor = value.constructor;
    return constructor !== undefined && constructor !== null && constructor.prototype === value;
  } catch {
    return false;
  }
}

function formatProxy(ctx, proxy, recurseTimes) {
  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    return ctx.stylize("Proxy [Array]", "special");
  }
  recurseTimes += 1;
  ctx.indentationLvl += 2;
  const res = [formatValue(ctx, proxy[0], recurseTimes), formatValue(ctx, proxy[1], recurseTimes)];
  ctx.indentationLvl -= 2;
  return reduceToSingleString(ctx, res, "", ["Proxy [", "]"], kArrayExtrasType, recurseTimes);
}

function isInstanceof(object, constructor) {
  try {
    return object instanceof constructor;
  } catch {
    return false;
  }
}

function getConstructorName(obj, ctx, recurseTimes) {
  let firstProto;
  const tmp = obj;
  while (obj) {
    const descriptor = ObjectGetOwnPropertyDescriptor(obj, "constructor");
    if (descriptor !== undefined && typeof descriptor.value === "function" &&
        descriptor.value.name !== "" && isInstanceof(tmp, descriptor.value)) {
      return String(descriptor.value.name);
    }
    obj = ObjectGetPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;
  const res = ops.op_console_constructor_name(tmp);
  if (recurseTimes > ctx.depth && ctx.depth !== null) return `${res} <Complex prototype>`;
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1);
  if (protoConstr === null) {
    const protoText = inspect(firstProto, {
      showHidden: ctx.showHidden, colors: ctx.colors, customInspect: false, depth: -1,
      breakLength: ctx.breakLength, compact: ctx.compact,
    });
    return `${res} <${protoText}>`;
  }
  return `${res} <${protoConstr}>`;
}

function getPrefix(constructor, tag, fallback, size = "") {
  if (constructor === null) {
    if (tag !== "" && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== "" && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getKeys(value, showHidden) {
  let keys;
  const symbols = ObjectGetOwnPropertySymbols(value);
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value);
    for (let i = 0; i < symbols.length; i++) ArrayPrototypePush(keys, symbols[i]);
  } else {
    try {
      keys = ObjectKeys(value);
    } catch {
      // Module namespaces with bindings still in their TDZ.
      keys = ObjectGetOwnPropertyNames(value);
    }
    for (let i = 0; i < symbols.length; i++) {
      if (ObjectPrototypePropertyIsEnumerable(value, symbols[i])) {
        ArrayPrototypePush(keys, symbols[i]);
      }
    }
  }
  return keys;
}

function getIteratorBraces(type, tag) {
  if (tag !== `${type} Iterator`) {
    if (tag !== "") tag += "] [";
    tag += `${type} Iterator`;
  }
  return [`[${tag}] {`, "}"];
}

function isError(value, type) {
  return type === kNativeError || isInstanceof(value, Error);
}

function formatRaw(ctx, value, recurseTimes, typedArray, type) {
  let keys;
  const constructor = getConstructorName(value, ctx, recurseTimes);
  let tag = value[SymbolToStringTag];
  // Only show the tag when it is not an own enumerable property, which would be
  // printed anyway.
  if (typeof tag !== "string" || (tag !== "" &&
      (ctx.showHidden ? ObjectPrototypeHasOwnProperty : ObjectPrototypePropertyIsEnumerable)(
        value, SymbolToStringTag))) {
    tag = "";
  }
  let base = "";
  let formatter = getEmptyFormatArray;
  let braces;
  let noIterator = true;
  let extrasType = kObjectType;
  const indentationLvl = ctx.indentationLvl;

  if (SymbolIterator in value || constructor === null) {
    noIterator = false;
    if (type === kArray) {
      const length = value.length;
      const prefix = (constructor !== "Array" || tag !== "") ?
        getPrefix(constructor, tag, "Array", `(${length})`) : "";
      keys = ops.op_console_non_index_keys(value, !ctx.showHidden);
      braces = [`${prefix}[`, "]"];
      if (length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (type === kSet) {
      const size = SetPrototypeGetSize(value);
      const prefix = getPrefix(constructor, tag, "Set", `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatSet;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, "}"];
    } else if (type === kMap) {
      const size = MapPrototypeGetSize(value);
      const prefix = getPrefix(constructor, tag, "Map", `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatMap;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, "}"];
    } else if (type === kTypedArray) {
      keys = ops.op_console_non_index_keys(value, !ctx.showHidden);
      let bound = value;
      let fallback = "";
      if (constructor === null) {
        fallback = TypedArrayPrototypeGetSymbolToStringTag(value);
        bound = new primordials[fallback](value);
      }
      const size = TypedArrayPrototypeGetLength(value);
      const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, "]"];
      if (size === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (ctx, _value, recurseTimes) => formatTypedArray(bound, size, ctx, recurseTimes);
      extrasType = kArrayExtrasType;
    } else if (type === kMapIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces("Map", tag);
      formatter = (ctx, value, recurseTimes) => formatIterator(braces, ctx, value, recurseTimes);
    } else if (type === kSetIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces("Set", tag);
      formatter = (ctx, value, recurseTimes) => formatIterator(braces, ctx, value, recurseTimes);
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ["{", "}"];
    if (constructor === "Object") {
      if (type === kArguments) {
        braces[0] = "[Arguments] {";
      } else if (tag !== "") {
        braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
      }
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (typeof value === "function") {
      base = getFunctionBase(value, constructor, tag, type);
      if (keys.length === 0) return ctx.stylize(base, "special");
    } else if (type === kRegExp) {
      base = RegExpPrototypeToString(constructor !== null ? value : new RegExp(value));
      const prefix = getPrefix(constructor, tag, "RegExp");
      if (prefix !== "RegExp ") base = `${prefix}${base}`;
      if (keys.length === 0 || (recurseTimes > ctx.depth && ctx.depth !== null)) {
        return ctx.stylize(base, "regexp");
      }
    } else if (type === kDate) {
      base = NumberIsNaN(DatePrototypeGetTime(value)) ?
        DatePrototypeToString(value) : DatePrototypeToISOString(value);
      const prefix = getPrefix(constructor, tag, "Date");
      if (prefix !== "Date ") base = `${prefix}${base}`;
      if (keys.length === 0) return ctx.stylize(base, "date");
    } else if (isError(value, type)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (type === kArrayBuffer || type === kSharedArrayBuffer) {
      const arrayType = type === kArrayBuffer ? "ArrayBuffer" : "SharedArrayBuffer";
      const prefix = getPrefix(constructor, tag, arrayType);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0) {
        return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      ArrayPrototypeUnshift(keys, "byteLength");
    } else if (type === kDataView) {
      braces[0] = `${getPrefix(constructor, tag, "DataView")}{`;
      ArrayPrototypeUnshift(keys, "byteLength", "byteOffset", "buffer");
    } else if (type === kPromise) {
      braces[0] = `${getPrefix(constructor, tag, "Promise")}{`;
      formatter = formatPromise;
    } else if (type === kWeakSet) {
      braces[0] = `${getPrefix(constructor, tag, "WeakSet")}{`;
      formatter = ctx.showHidden ? formatWeakSet : formatWeakCollection;
    } else if (type === kWeakMap) {
      braces[0] = `${getPrefix(constructor, tag, "WeakMap")}{`;
      formatter = ctx.showHidden ? formatWeakMap : formatWeakCollection;
    } else if (type === kModuleNamespace) {
      braces[0] = `${getPrefix(constructor, tag, "Module")}{`;
      const namespaceKeys = keys;
      formatter = (ctx, value, recurseTimes) =>
        formatNamespaceObject(namespaceKeys, ctx, value, recurseTimes);
    } else if (type >= kNumberObject && type <= kSymbolObject) {
      base = getBoxedBase(value, ctx, keys, constructor, tag, type);
      if (keys.length === 0) return base;
    } else {
      if (keys.length === 0) {
        if (type === kExternal) return ctx.stylize("[External]", "special");
        return `${getPrefix(constructor, tag, "Object")}{}`;
      }
      braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let constructorName = StringPrototypeSlice(getPrefix(constructor, tag, "Object"), 0, -1);
    if (constructor !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, "special");
  }
  recurseTimes += 1;

  ArrayPrototypePush(ctx.seen, value);
  ctx.currentDepth = recurseTimes;
  let output;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) {
      ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
    }
  } catch (err) {
    const constructorName = StringPrototypeSlice(getPrefix(constructor, tag, "Object"), 0, -1);
    return handleMaxCallStackSize(ctx, err, constructorName, indentationLvl);
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, "special");
      if (ctx.compact !== true) {
        base = base === "" ? reference : `${reference} ${base}`;
      } else {
        braces[0] = `${reference} ${braces[0]}`;
      }
    }
  }
  ArrayPrototypePop(ctx.seen);

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      ArrayPrototypeSort(output, comparator);
    } else if (keys.length > 1) {
      const sorted = ArrayPrototypeSort(
        ArrayPrototypeSlice(output, output.length - keys.length), comparator);
      ArrayPrototypeUnshift(sorted, output, output.length - keys.length, keys.length);
      ReflectApply(ArrayPrototypeSplice, null, sorted);
    }
  }

  const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  const budget = ctx.budget[ctx.indentationLvl] || 0;
  const newLength = budget + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  // Stop descending once the output is absurdly large (2^27 characters).
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}

function handleMaxCallStackSize(ctx, err, constructorName, indentationLvl) {
  if (isInstanceof(err, RangeError) && err.message === "Maximum call stack size exceeded") {
    ArrayPrototypePop(ctx.seen);
    ctx.indentationLvl = indentationLvl;
    return ctx.stylize(`[${constructorName}: Inspection interrupted prematurely. ` +
      "Maximum call stack size exceeded.]", "special");
  }
  throw err;
}

function getEmptyFormatArray() {
  return [];
}

function getFunctionBase(value, constructor, tag, type) {
  const stringified = FunctionPrototypeToString(value);
  if (StringPrototypeStartsWith(stringified, "class") && StringPrototypeEndsWith(stringified, "}")) {
    const slice = StringPrototypeSlice(stringified, 5, -1);
    const bracketIndex = StringPrototypeIndexOf(slice, "{");
    if (bracketIndex !== -1 &&
        (!StringPrototypeIncludes(StringPrototypeSlice(slice, 0, bracketIndex), "(") ||
         RegExpPrototypeExec(/^\s*(?:extends\s+[^{]+\s*)?\{/, slice) !== null ||
         RegExpPrototypeExec(/^\s*[A-Za-z_$][\w$]*\s*(?:extends[\s\S]*)?\{/, slice) !== null)) {
      return getClassBase(value, constructor, tag);
    }
  }
  let kind = "Function";
  if (type === kGeneratorFunction || type === kAsyncGeneratorFunction) kind = `Generator${kind}`;
  if (type === kAsyncFunction || type === kAsyncGeneratorFunction) kind = `Async${kind}`;
  let base = `[${kind}`;
  if (constructor === null) base += " (null prototype)";
  const name = value.name;
  if (name === "" || typeof name !== "string") {
    base += " (anonymous)";
  } else {
    base += `: ${name}`;
  }
  base += "]";
  if (constructor !== kind && constructor !== null) base += ` ${constructor}`;
  if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
  return base;
}

function getClassBase(value, constructor, tag) {
  const hasName = ObjectPrototypeHasOwnProperty(value, "name");
  const name = (hasName && value.name) || "(anonymous)";
  let base = `class ${name}`;
  if (constructor !== "Function" && constructor !== null) base += ` [${constructor}]`;
  if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    const superName = ObjectGetPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += " extends [null prototype]";
  }
  return `[${base}]`;
}

function getBoxedBase(value, ctx, keys, constructor, tag, type) {
  let fn;
  let kind;
  if (type === kNumberObject) {
    fn = NumberPrototypeValueOf;
    kind = "Number";
  } else if (type === kStringObject) {
    fn = StringPrototypeValueOf;
    kind = "String";
    // The index keys of a String object only repeat its characters.
    ArrayPrototypeSplice(keys, 0, StringPrototypeValueOf(value).length);
  } else if (type === kBooleanObject) {
    fn = BooleanPrototypeValueOf;
    kind = "Boolean";
  } else if (type === kBigIntObject) {
    fn = BigIntPrototypeValueOf;
    kind = "BigInt";
  } else {
    fn = SymbolPrototypeValueOf;
    kind = "Symbol";
  }
  let base = `[${kind}`;
  if (kind !== constructor) {
    base += constructor === null ? " (null prototype)" : ` (${constructor})`;
  }
  base += `: ${formatPrimitive(stylizeNoColor, fn(value), ctx)}]`;
  if (tag !== "" && tag !== constructor) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, StringPrototypeToLowerCase(kind));
}

// ---------------------------------------------------------------------------
// Errors

function getStackString(error) {
  return error.stack ? String(error.stack) : ErrorPrototypeToString(error);
}

function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (!ctx.showHidden && keys.length !== 0) {
    const names = ["name", "message", "stack"];
    for (let i = 0; i < names.length; i++) {
      const index = ArrayPrototypeIndexOf(keys, names[i]);
      if (index !== -1 && StringPrototypeIncludes(stack, String(err[names[i]]))) {
        ArrayPrototypeSplice(keys, index, 1);
      }
    }
  }
}

// Names the constructor in the first line when it differs from err.name.
function improveStack(stack, constructor, name, tag) {
  let len = name.length;
  if (constructor === null ||
      (StringPrototypeEndsWith(name, "Error") && StringPrototypeStartsWith(stack, name) &&
       (stack.length === len || stack[len] === ":" || stack[len] === "\n"))) {
    let fallback = "Error";
    if (constructor === null) {
      const start = RegExpPrototypeExec(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/, stack) ||
        RegExpPrototypeExec(/^([a-z_A-Z0-9-]*Error)$/, stack);
      fallback = (start && start[1]) || "";
      len = fallback.length;
      fallback = fallback || "Error";
    }
    const prefix = StringPrototypeSlice(getPrefix(constructor, tag, fallback), 0, -1);
    if (name !== prefix) {
      if (StringPrototypeIncludes(prefix, name)) {
        if (len === 0) {
          stack = `${prefix}: ${stack}`;
        } else {
          stack = `${prefix}${StringPrototypeSlice(stack, len)}`;
        }
      } else {
        stack = `${prefix} [${name}]${StringPrototypeSlice(stack, len)}`;
      }
    }
  }
  return stack;
}

// Longest run (> 3) of frames that a and b share; used to elide the frames an
// error has in common with its cause.
function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = ArrayPrototypeIndexOf(b, a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = MathMin(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
}

function getStackFrames(ctx, err, stack) {
  const frames = splitString(stack, "\n");
  let cause;
  try {
    cause = err.cause;
  } catch {
    // A throwing getter: nothing to compare with.
  }
  if (cause !== null && typeof cause === "object" && isError(cause, typeOf(cause))) {
    const causeStack = getStackString(cause);
    const causeStackStart = StringPrototypeIndexOf(causeStack, "\n    at");
    if (causeStackStart !== -1) {
      const causeFrames = splitString(StringPrototypeSlice(causeStack, causeStackStart + 1), "\n");
      const { len, offset } = identicalSequenceRange(frames, causeFrames);
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        ArrayPrototypeSplice(frames, offset + 1, skipped, ctx.stylize(msg, "undefined"));
      }
    }
  }
  return frames;
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? String(err.name) : "Error";
  let stack = getStackString(err);
  removeDuplicateErrorKeys(ctx, keys, err, stack);
  if ("cause" in err && (keys.length === 0 || !ArrayPrototypeIncludes(keys, "cause"))) {
    ArrayPrototypePush(keys, "cause");
  }
  if (ArrayIsArray(err.errors) && (keys.length === 0 || !ArrayPrototypeIncludes(keys, "errors"))) {
    ArrayPrototypePush(keys, "errors");
  }
  stack = improveStack(stack, constructor, name, tag);

  // Look for the frames after the message (the message may contain "\n    at").
  const message = err.message;
  let pos = (message && typeof message === "string" && StringPrototypeIndexOf(stack, message)) || -1;
  if (pos !== -1) pos += message.length;
  const stackStart = StringPrototypeIndexOf(stack, "\n    at", pos);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = getStackFrames(ctx, err, StringPrototypeSlice(stack, stackStart + 1));
    stack = `${StringPrototypeSlice(stack, 0, stackStart)}\n${ArrayPrototypeJoin(frames, "\n")}`;
  }
  if (ctx.indentationLvl !== 0) {
    stack = indentNewlines(stack, StringPrototypeRepeat(" ", ctx.indentationLvl));
  }
  return stack;
}

// ---------------------------------------------------------------------------
// Entry formatters

function formatNumber(fn, number, numericSeparator) {
  if (!numericSeparator) {
    if (ObjectIs(number, -0)) return fn("-0", "number");
    return fn(`${number}`, "number");
  }
  const integer = MathTrunc(number);
  const string = String(integer);
  if (integer === number) {
    if (!NumberIsFinite(number) || StringPrototypeIncludes(string, "e")) return fn(string, "number");
    return fn(`${addNumericSeparator(string)}`, "number");
  }
  if (NumberIsNaN(number)) return fn(string, "number");
  const fraction = StringPrototypeSlice(String(number), string.length + 1);
  return fn(`${addNumericSeparator(string)}.${addNumericSeparatorEnd(fraction)}`, "number");
}

function addNumericSeparator(integerString) {
  let result = "";
  let i = integerString.length;
  const start = StringPrototypeStartsWith(integerString, "-") ? 1 : 0;
  for (; i >= start + 4; i -= 3) {
    result = `_${StringPrototypeSlice(integerString, i - 3, i)}${result}`;
  }
  return i === integerString.length ? integerString :
    `${StringPrototypeSlice(integerString, 0, i)}${result}`;
}

function addNumericSeparatorEnd(integerString) {
  let result = "";
  let i = 0;
  for (; i < integerString.length - 3; i += 3) {
    result += `${StringPrototypeSlice(integerString, i, i + 3)}_`;
  }
  return i === 0 ? integerString : `${result}${StringPrototypeSlice(integerString, i)}`;
}

function formatBigInt(fn, bigint, numericSeparator) {
  const string = String(bigint);
  if (!numericSeparator) return fn(`${string}n`, "bigint");
  return fn(`${addNumericSeparator(string)}n`, "bigint");
}

function formatPrimitive(fn, value, ctx) {
  if (typeof value === "string") {
    let trailer = "";
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength;
      value = StringPrototypeSlice(value, 0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? "s" : ""}`;
    }
    if (ctx.compact !== true && value.length > kMinLineWidth &&
        value.length > ctx.breakLength - ctx.indentationLvl - 4) {
      const lines = splitKeepNewlines(value);
      for (let i = 0; i < lines.length; i++) lines[i] = fn(strEscape(lines[i]), "string");
      return ArrayPrototypeJoin(lines,
        ` +\n${StringPrototypeRepeat(" ", ctx.indentationLvl + 2)}`) + trailer;
    }
    return fn(strEscape(value), "string") + trailer;
  }
  if (typeof value === "number") return formatNumber(fn, value, ctx.numericSeparator);
  if (typeof value === "bigint") return formatBigInt(fn, value, ctx.numericSeparator);
  if (typeof value === "boolean") return fn(`${value}`, "boolean");
  if (typeof value === "undefined") return fn("undefined", "undefined");
  return fn(SymbolPrototypeToString(value), "symbol");
}

function formatProperty(ctx, value, recurseTimes, key, type, desc) {
  let name;
  let str;
  let extra = " ";
  desc = desc || ObjectGetOwnPropertyDescriptor(value, key) ||
    { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
      extra = `\n${StringPrototypeRepeat(" ", ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? "Getter/Setter" : "Getter";
    const s = ctx.stylize;
    const sp = "special";
    if (ctx.getters && (ctx.getters === true ||
        (ctx.getters === "get" && desc.set === undefined) ||
        (ctx.getters === "set" && desc.set !== undefined))) {
      try {
        const tmp = FunctionPrototypeCall(desc.get, value);
        ctx.indentationLvl += 2;
        if (tmp === null) {
          str = `${s(`[${label}:`, sp)} ${s("null", "null")}${s("]", sp)}`;
        } else if (typeof tmp === "object") {
          str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        } else {
          const primitive = formatPrimitive(s, tmp, ctx);
          str = `${s(`[${label}:`, sp)} ${primitive}${s("]", sp)}`;
        }
        ctx.indentationLvl -= 2;
      } catch (err) {
        const message = `<Inspection threw (${err && err.message})>`;
        str = `${s(`[${label}:`, sp)} ${message}${s("]", sp)}`;
      }
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize("[Setter]", "special");
  } else {
    str = ctx.stylize("undefined", "undefined");
  }
  if (type === kArrayType) return str;
  if (typeof key === "symbol") {
    name = `[${ctx.stylize(escapeKey(SymbolPrototypeToString(key)), "symbol")}]`;
  } else if (key === "__proto__") {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${escapeKey(key)}]`;
  } else if (RegExpPrototypeExec(/^[a-zA-Z_][a-zA-Z_0-9]*$/, key) !== null) {
    name = ctx.stylize(key, "name");
  } else {
    name = ctx.stylize(strEscape(key), "string");
  }
  return `${name}:${extra}${str}`;
}

function remainingText(remaining) {
  return `... ${remaining} more item${remaining > 1 ? "s" : ""}`;
}

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length;
  const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!ObjectPrototypeHasOwnProperty(value, i)) {
      return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
    }
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  return output;
}

// Arrays with holes: walk the keys that exist instead of every index.
function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = ObjectKeys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (RegExpPrototypeExec(/^(0|[1-9][0-9]*)$/, key) === null) break;
      const emptyItems = tmp - index;
      const message = `<${emptyItems} empty item${emptyItems > 1 ? "s" : ""}>`;
      ArrayPrototypePush(output, ctx.stylize(message, "undefined"));
      index = tmp;
      if (output.length === maxLength) break;
    }
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      const message = `<${remaining} empty item${remaining > 1 ? "s" : ""}>`;
      ArrayPrototypePush(output, ctx.stylize(message, "undefined"));
    }
  } else if (remaining > 0) {
    ArrayPrototypePush(output, remainingText(remaining));
  }
  return output;
}

function formatArrayBuffer(ctx, value) {
  let buffer;
  try {
    buffer = new Uint8Array(value);
  } catch {
    return [ctx.stylize("(detached)", "special")];
  }
  const length = TypedArrayPrototypeGetLength(buffer);
  const shown = MathMin(ctx.maxArrayLength, length);
  let str = "";
  for (let i = 0; i < shown; i++) {
    const byte = buffer[i];
    str += (i === 0 ? "" : " ") + (byte < 16 ? "0" : "") + NumberPrototypeToString(byte, 16);
  }
  const remaining = length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
  return [`${ctx.stylize("[Uint8Contents]", "special")}: <${str}>`];
}

function formatTypedArray(value, length, ctx, recurseTimes) {
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  const elementFormatter = length > 0 && typeof value[0] === "number" ? formatNumber : formatBigInt;
  for (let i = 0; i < maxLength; ++i) {
    output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
  }
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    const hidden = ["BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"];
    for (let i = 0; i < hidden.length; i++) {
      const str = formatValue(ctx, value[hidden[i]], recurseTimes, true);
      ArrayPrototypePush(output, `[${hidden[i]}]: ${str}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatSet(ctx, value, recurseTimes) {
  const length = SetPrototypeGetSize(value);
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  const iterator = SetPrototypeValues(value);
  for (let i = 0; i < maxLength; i++) {
    const step = SetIteratorNext(iterator);
    if (step.done) break;
    ArrayPrototypePush(output, formatValue(ctx, step.value, recurseTimes));
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const length = MapPrototypeGetSize(value);
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  const iterator = MapPrototypeEntries(value);
  for (let i = 0; i < maxLength; i++) {
    const step = MapIteratorNext(iterator);
    if (step.done) break;
    const k = formatValue(ctx, step.value[0], recurseTimes);
    const v = formatValue(ctx, step.value[1], recurseTimes);
    ArrayPrototypePush(output, `${k} => ${v}`);
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatSetIterInner(ctx, recurseTimes, entries, state) {
  const maxArrayLength = MathMax(ctx.maxArrayLength, 0);
  const maxLength = MathMin(maxArrayLength, entries.length);
  const output = [];
  ctx.indentationLvl += 2;
  for (let i = 0; i < maxLength; i++) output[i] = formatValue(ctx, entries[i], recurseTimes);
  ctx.indentationLvl -= 2;
  // Weak entries come in no particular order: sort for stable output.
  if (state === kWeak && !ctx.sorted) ArrayPrototypeSort(output);
  const remaining = entries.length - maxLength;
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  return output;
}

function formatMapIterInner(ctx, recurseTimes, entries, state) {
  const maxArrayLength = MathMax(ctx.maxArrayLength, 0);
  const len = entries.length / 2;
  const remaining = len - maxArrayLength;
  const maxLength = MathMin(maxArrayLength, len);
  const output = [];
  ctx.indentationLvl += 2;
  if (state === kWeak) {
    for (let i = 0; i < maxLength; i++) {
      const pos = i * 2;
      output[i] = `${formatValue(ctx, entries[pos], recurseTimes)} => ` +
        formatValue(ctx, entries[pos + 1], recurseTimes);
    }
    if (!ctx.sorted) ArrayPrototypeSort(output);
  } else {
    for (let i = 0; i < maxLength; i++) {
      const pos = i * 2;
      const res = [
        formatValue(ctx, entries[pos], recurseTimes),
        formatValue(ctx, entries[pos + 1], recurseTimes),
      ];
      output[i] = reduceToSingleString(ctx, res, "", ["[", "]"], kArrayExtrasType, recurseTimes);
    }
  }
  ctx.indentationLvl -= 2;
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  return output;
}

function formatWeakCollection(ctx) {
  return [ctx.stylize("<items unknown>", "special")];
}

function formatWeakSet(ctx, value, recurseTimes) {
  const entries = ops.op_console_preview_entries(value)[0];
  return formatSetIterInner(ctx, recurseTimes, entries, kWeak);
}

function formatWeakMap(ctx, value, recurseTimes) {
  const entries = ops.op_console_preview_entries(value)[0];
  return formatMapIterInner(ctx, recurseTimes, entries, kWeak);
}

function formatIterator(braces, ctx, value, recurseTimes) {
  const preview = ops.op_console_preview_entries(value);
  if (preview[1]) {
    // Entry iterators show [key, value] pairs.
    if (StringPrototypeEndsWith(braces[0], " Iterator] {")) {
      braces[0] = `${StringPrototypeSlice(braces[0], 0, -12)} Entries] {`;
    }
    return formatMapIterInner(ctx, recurseTimes, preview[0], kMapEntries);
  }
  return formatSetIterInner(ctx, recurseTimes, preview[0], kIterator);
}

function formatPromise(ctx, value, recurseTimes) {
  const details = ops.op_console_promise_state(value);
  if (details[0] === 0) return [ctx.stylize("<pending>", "special")];
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, details[1], recurseTimes);
  ctx.indentationLvl -= 2;
  return [details[0] === 2 ? `${ctx.stylize("<rejected>", "special")} ${str}` : str];
}

function formatNamespaceObject(keys, ctx, value, recurseTimes) {
  const output = [];
  for (let i = 0; i < keys.length; i++) {
    try {
      output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
    } catch (err) {
      if (!isInstanceof(err, primordials.ReferenceError)) throw err;
      // A binding still in its temporal dead zone.
      const tmp = { [keys[i]]: "" };
      output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
      const pos = StringPrototypeLastIndexOf(output[i], " ");
      output[i] = StringPrototypeSlice(output[i], 0, pos + 1) +
        ctx.stylize("<uninitialized>", "special");
    }
  }
  // The keys are done here; formatRaw must not list them again.
  keys.length = 0;
  return output;
}

// ---------------------------------------------------------------------------
// Line breaking

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += ctx.colors ? removeColors(output[i]).length : output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === "" || !StringPrototypeIncludes(base, "\n");
}

// Lays out more than six short array entries in aligned columns.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) outputLength--;  // skip "... more items"
  const separatorSpace = 2;  // ", "
  const dataLen = [];
  for (let i = 0; i < outputLength; i++) {
    const len = getStringWidth(output[i], ctx.colors);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    const approxCharHeights = 2.5;
    const averageBias = MathSqrt(actualMax - totalLength / output.length);
    const biasedMax = MathMax(actualMax - 3 - averageBias, 1);
    const columns = MathMin(
      MathRound(MathSqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15);
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineLength) lineLength = dataLen[j];
      }
      ArrayPrototypePush(maxLineLength, lineLength + separatorSpace);
    }
    let order = StringPrototypePadStart;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== "number" && typeof value[i] !== "bigint") {
          order = StringPrototypePadEnd;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = MathMin(i + columns, outputLength);
      let str = "";
      let j = i;
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
        str += order(`${output[j]}, `, padding, " ");
      }
      if (order === StringPrototypePadStart) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
        str += StringPrototypePadStart(output[j], padding, " ");
      } else {
        str += output[j];
      }
      ArrayPrototypePush(tmp, str);
    }
    if (ctx.maxArrayLength < output.length) ArrayPrototypePush(tmp, output[outputLength]);
    output = tmp;
  }
  return output;
}

function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === "number" && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) {
        output = groupArrayElements(ctx, output, value);
      }
      // Combine on one line when the entries are not nested too deeply and fit.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = ArrayPrototypeJoin(output, ", ");
          if (!StringPrototypeIncludes(joinedOutput, "\n")) {
            return `${base ? `${base} ` : ""}${braces[0]} ${joinedOutput} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${StringPrototypeRepeat(" ", ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ${
      ArrayPrototypeJoin(output, `,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // compact: true puts as much as fits on each line.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ""} ${ArrayPrototypeJoin(output, ", ")} ` +
      braces[1];
  }
  const indentation = StringPrototypeRepeat(" ", ctx.indentationLvl);
  const ln = base === "" && braces[0].length === 1 ? " " : `${base ? ` ${base}` : ""}\n${indentation}  `;
  return `${braces[0]}${ln}${ArrayPrototypeJoin(output, `,\n${indentation}  `)} ${braces[1]}`;
}

// ---------------------------------------------------------------------------
// Format strings (https://console.spec.whatwg.org/#formatter, Node's util.format)

function hasBuiltInToString(value) {
  const target = ops.op_console_proxy_details(value, false);
  if (target !== undefined) {
    if (target === null) return true;
    value = target;
  }
  if (typeof value.toString !== "function") return true;
  if (ObjectPrototypeHasOwnProperty(value, "toString")) return false;
  let pointer = value;
  do {
    pointer = ObjectGetPrototypeOf(pointer);
  } while (pointer !== null && !ObjectPrototypeHasOwnProperty(pointer, "toString"));
  if (pointer === null) return true;
  const descriptor = ObjectGetOwnPropertyDescriptor(pointer, "constructor");
  return descriptor !== undefined && typeof descriptor.value === "function" &&
    MapPrototypeHas(builtInObjects, descriptor.value.name);
}

function tryStringify(value) {
  try {
    return primordials.JSONStringify(value);
  } catch (err) {
    if (isInstanceof(err, primordials.TypeError) &&
        StringPrototypeIncludes(String(err.message), "circular")) {
      return "[Circular]";
    }
    throw err;
  }
}

function inspectWith(value, inspectOptions, overrides) {
  const options = { __proto__: null };
  for (let i = 0; i < optionNames.length; i++) {
    const key = optionNames[i];
    if (inspectOptions[key] !== undefined) options[key] = inspectOptions[key];
  }
  const keys = ObjectKeys(overrides);
  for (let i = 0; i < keys.length; i++) options[keys[i]] = overrides[keys[i]];
  return inspect(value, options);
}

// Formats console arguments: printf-style substitutions in a leading string,
// then every remaining argument, strings as they are, others inspected.
function formatWithOptions(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = "";
  let join = "";
  if (typeof first === "string") {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;
    let i = StringPrototypeIndexOf(first, "%");
    while (i !== -1 && i < first.length - 1) {
      const nextChar = StringPrototypeCharCodeAt(first, ++i);
      if (a + 1 !== args.length) {
        let handled = true;
        switch (nextChar) {
          case 115: {  // 's'
            const tempArg = args[++a];
            if (typeof tempArg === "number") {
              tempStr = formatNumber(stylizeNoColor, tempArg, false);
            } else if (typeof tempArg === "bigint") {
              tempStr = formatBigInt(stylizeNoColor, tempArg, false);
            } else if (typeof tempArg !== "object" || tempArg === null ||
                       !hasBuiltInToString(tempArg)) {
              tempStr = String(tempArg);
            } else {
              tempStr = inspectWith(tempArg, inspectOptions, { depth: 0, colors: false, compact: 3 });
            }
            break;
          }
          case 106:  // 'j'
            tempStr = tryStringify(args[++a]);
            break;
          case 100: {  // 'd'
            const tempNum = args[++a];
            if (typeof tempNum === "bigint") {
              tempStr = formatBigInt(stylizeNoColor, tempNum, false);
            } else if (typeof tempNum === "symbol") {
              tempStr = "NaN";
            } else {
              tempStr = formatNumber(stylizeNoColor, Number(tempNum), false);
            }
            break;
          }
          case 79:  // 'O'
            tempStr = inspectWith(args[++a], inspectOptions, {});
            break;
          case 111:  // 'o'
            tempStr = inspectWith(args[++a], inspectOptions,
              { showHidden: true, showProxy: true, depth: 4 });
            break;
          case 105: {  // 'i'
            const tempInteger = args[++a];
            if (typeof tempInteger === "bigint") {
              tempStr = formatBigInt(stylizeNoColor, tempInteger, false);
            } else if (typeof tempInteger === "symbol") {
              tempStr = "NaN";
            } else {
              tempStr = formatNumber(stylizeNoColor, NumberParseInt(tempInteger), false);
            }
            break;
          }
          case 102: {  // 'f'
            const tempFloat = args[++a];
            tempStr = typeof tempFloat === "symbol" ? "NaN" :
              formatNumber(stylizeNoColor, NumberParseFloat(tempFloat), false);
            break;
          }
          case 99:  // 'c': CSS has no meaning here; the argument is consumed.
            a += 1;
            tempStr = "";
            break;
          case 37:  // '%'
            str += StringPrototypeSlice(first, lastPos, i);
            lastPos = i + 1;
            handled = false;
            break;
          default:
            handled = false;
        }
        if (handled) {
          if (lastPos !== i - 1) str += StringPrototypeSlice(first, lastPos, i - 1);
          str += tempStr;
          lastPos = i + 1;
        }
      } else if (nextChar === 37) {
        str += StringPrototypeSlice(first, lastPos, i);
        lastPos = i + 1;
      }
      i = StringPrototypeIndexOf(first, "%", i + 1);
    }
    if (lastPos !== 0) {
      a++;
      join = " ";
      if (lastPos < first.length) str += StringPrototypeSlice(first, lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== "string" ? inspectWith(value, inspectOptions, {}) : value;
    join = " ";
    a++;
  }
  return str;
}

const kNoOptions = { __proto__: null };
function formatLogArgs(args) {
  return formatWithOptions(kNoOptions, args);
}

// ---------------------------------------------------------------------------
// console.table (Node's layout)

const tableChars = {
  middleMiddle: "─", rowMiddle: "┼", topRight: "┐", topLeft: "┌", leftMiddle: "├",
  topMiddle: "┬", bottomRight: "┘", bottomLeft: "└", bottomMiddle: "┴", rightMiddle: "┤",
  left: "│ ", right: " │", middle: " │ ",
};

function renderRow(row, columnWidths) {
  let out = tableChars.left;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const len = getStringWidth(cell);
    out += cell + StringPrototypeRepeat(" ", columnWidths[i] - len);
    if (i !== row.length - 1) out += tableChars.middle;
  }
  return out + tableChars.right;
}

function renderTable(head, columns) {
  const rows = [];
  const columnWidths = [];
  for (let i = 0; i < head.length; i++) columnWidths[i] = getStringWidth(head[i]);
  let longestColumn = 0;
  for (let i = 0; i < columns.length; i++) longestColumn = MathMax(longestColumn, columns[i].length);
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longestColumn; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] = ObjectPrototypeHasOwnProperty(column, j) ? column[j] : "";
      columnWidths[i] = MathMax(columnWidths[i] || 0, getStringWidth(value));
    }
  }
  const divider = [];
  for (let i = 0; i < columnWidths.length; i++) {
    divider[i] = StringPrototypeRepeat(tableChars.middleMiddle, columnWidths[i] + 2);
  }
  let result = `${tableChars.topLeft}${ArrayPrototypeJoin(divider, tableChars.topMiddle)}` +
    `${tableChars.topRight}\n${renderRow(head, columnWidths)}\n` +
    `${tableChars.leftMiddle}${ArrayPrototypeJoin(divider, tableChars.rowMiddle)}` +
    `${tableChars.rightMiddle}\n`;
  for (let i = 0; i < rows.length; i++) result += `${renderRow(rows[i], columnWidths)}\n`;
  result += `${tableChars.bottomLeft}${ArrayPrototypeJoin(divider, tableChars.bottomMiddle)}` +
    tableChars.bottomRight;
  return result;
}

function tableCell(v) {
  const depth = v !== null && typeof v === "object" && !ArrayIsArray(v) &&
    ObjectKeys(v).length > 2 ? -1 : 0;
  return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
}

function formatTable(tabularData, properties) {
  const indexKey = "(index)";
  const iterKey = "(iteration index)";
  const keyKey = "Key";
  const valuesKey = "Values";
  const indexArray = (length) => {
    const result = [];
    for (let i = 0; i < length; i++) result[i] = tableCell(i);
    return result;
  };

  let type = typeOf(tabularData);
  while (type === kProxy) {
    // Tables describe the target; traps are not run.
    tabularData = ops.op_console_proxy_details(tabularData, false);
    if (tabularData === null) return undefined;
    type = typeOf(tabularData);
  }
  const mapIter = type === kMapIterator;
  let isKeyValue = false;
  if (mapIter) {
    const preview = ops.op_console_preview_entries(tabularData);
    tabularData = preview[0];
    isKeyValue = preview[1];
  }
  if (isKeyValue || type === kMap) {
    const keys = [];
    const values = [];
    if (mapIter) {
      for (let i = 0; i < tabularData.length / 2; ++i) {
        ArrayPrototypePush(keys, tableCell(tabularData[i * 2]));
        ArrayPrototypePush(values, tableCell(tabularData[i * 2 + 1]));
      }
    } else {
      const iterator = MapPrototypeEntries(tabularData);
      for (;;) {
        const step = MapIteratorNext(iterator);
        if (step.done) break;
        ArrayPrototypePush(keys, tableCell(step.value[0]));
        ArrayPrototypePush(values, tableCell(step.value[1]));
      }
    }
    return renderTable([iterKey, keyKey, valuesKey], [indexArray(keys.length), keys, values]);
  }

  const setIter = type === kSetIterator;
  if (setIter) tabularData = ops.op_console_preview_entries(tabularData)[0];
  if (setIter || mapIter || type === kSet) {
    const values = [];
    if (type === kSet) {
      const iterator = SetPrototypeValues(tabularData);
      for (;;) {
        const step = SetIteratorNext(iterator);
        if (step.done) break;
        ArrayPrototypePush(values, tableCell(step.value));
      }
    } else {
      for (let i = 0; i < tabularData.length; i++) ArrayPrototypePush(values, tableCell(tabularData[i]));
    }
    return renderTable([iterKey, valuesKey], [indexArray(values.length), values]);
  }

  const map = ObjectCreate(null);
  let hasPrimitives = false;
  const valuesKeyArray = [];
  const indexKeyArray = ObjectKeys(tabularData);
  for (let i = 0; i < indexKeyArray.length; i++) {
    const item = tabularData[indexKeyArray[i]];
    const primitive = item === null || (typeof item !== "function" && typeof item !== "object");
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesKeyArray[i] = tableCell(item);
    } else {
      const keys = properties || ObjectKeys(item);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (map[key] === undefined) map[key] = [];
        if ((primitive && properties) || !ObjectPrototypeHasOwnProperty(item, key)) {
          map[key][i] = "";
        } else {
          map[key][i] = tableCell(item[key]);
        }
      }
    }
  }
  const keys = ObjectKeys(map);
  const values = ObjectValues(map);
  if (hasPrimitives) {
    ArrayPrototypePush(keys, valuesKey);
    ArrayPrototypePush(values, valuesKeyArray);
  }
  ArrayPrototypeUnshift(keys, indexKey);
  ArrayPrototypeUnshift(values, indexKeyArray);
  return renderTable(keys, values);
}

// ---------------------------------------------------------------------------
// The console namespace

let groupIndent = "";
const counts = new SafeMap();
const timers = new SafeMap();

function print(text, toStderr) {
  if (groupIndent.length !== 0) text = groupIndent + indentNewlines(text, groupIndent);
  ops.op_console_print(`${text}\n`, toStderr);
}

function logger(args, toStderr) {
  print(formatLogArgs(args), toStderr);
}

function warning(message) {
  print(`Warning: ${message}`, true);
}

function labelString(label) {
  return label === undefined ? "default" : webidl.converters.DOMString(label);
}

function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = MathFloor(ms / 3600000);
        ms = ms % 3600000;
      }
      minutes = MathFloor(ms / 60000);
      ms = ms % 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const parts = splitString(NumberPrototypeToFixed(seconds, 3), ".");
    const pad = (value) => StringPrototypePadStart(`${value}`, 2, "0");
    const res = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${res}:${pad(parts[0])}.${parts[1]} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${NumberPrototypeToFixed(seconds, 3)}s`;
  return `${Number(NumberPrototypeToFixed(ms, 3))}ms`;
}

function timeLogImpl(name, label, data) {
  const start = MapPrototypeGet(timers, label);
  if (start === undefined) {
    warning(`No such label '${label}' for console.${name}()`);
    return false;
  }
  const formatted = formatTime(ops.op_time_now() - start);
  const args = ["%s: %s", label, formatted];
  for (let i = 0; i < data.length; i++) ArrayPrototypePush(args, data[i]);
  logger(args, false);
  return true;
}

// WebIDL namespace operations: non-constructible, length 0 (all arguments
// optional), enumerable/writable/configurable own properties.
const methods = {
  assert(condition = false, ...data) {
    if (condition) return;
    const message = "Assertion failed";
    if (data.length === 0) {
      ArrayPrototypePush(data, message);
    } else if (typeof data[0] !== "string") {
      ArrayPrototypeUnshift(data, message);
    } else {
      data[0] = `${message}: ${data[0]}`;
    }
    logger(data, true);
  },
  clear() {
    groupIndent = "";
    if (ops.op_console_is_tty()) ops.op_console_print("\x1b[1;1H\x1b[0J", false);
  },
  debug(...data) {
    logger(data, false);
  },
  error(...data) {
    logger(data, true);
  },
  info(...data) {
    logger(data, false);
  },
  log(...data) {
    logger(data, false);
  },
  table(tabularData = undefined, properties = undefined) {
    if (properties !== undefined) {
      properties = webidl.createSequenceConverter(webidl.converters.DOMString)(
        properties, "Failed to execute 'table' on 'console'", "Argument 2");
    }
    if (tabularData === null || typeof tabularData !== "object") {
      logger([tabularData], false);
      return;
    }
    const text = formatTable(tabularData, properties);
    if (text === undefined) {
      logger([tabularData], false);
    } else {
      print(text, false);
    }
  },
  trace(...data) {
    const err = { name: "Trace", message: formatLogArgs(data) };
    ErrorCaptureStackTrace(err, methods.trace);
    print(err.stack, true);
  },
  warn(...data) {
    logger(data, true);
  },
  dir(item = undefined, options = undefined) {
    const inspectOptions = { customInspect: false };
    if (options !== null && typeof options === "object") {
      for (let i = 0; i < optionNames.length; i++) {
        const value = options[optionNames[i]];
        if (value !== undefined) inspectOptions[optionNames[i]] = value;
      }
    }
    print(inspect(item, inspectOptions), false);
  },
  dirxml(...data) {
    logger(data, false);
  },
  count(label = "default") {
    label = labelString(label);
    const count = (MapPrototypeGet(counts, label) || 0) + 1;
    MapPrototypeSet(counts, label, count);
    print(`${label}: ${count}`, false);
  },
  countReset(label = "default") {
    label = labelString(label);
    if (MapPrototypeHas(counts, label)) {
      MapPrototypeSet(counts, label, 0);
    } else {
      warning(`Count for '${label}' does not exist`);
    }
  },
  group(...data) {
    if (data.length > 0) logger(data, false);
    groupIndent += "  ";
  },
  groupCollapsed(...data) {
    if (data.length > 0) logger(data, false);
    groupIndent += "  ";
  },
  groupEnd() {
    groupIndent = StringPrototypeSlice(groupIndent, 0, MathMax(0, groupIndent.length - 2));
  },
  time(label = "default") {
    label = labelString(label);
    if (MapPrototypeHas(timers, label)) {
      warning(`Label '${label}' already exists for console.time()`);
      return;
    }
    MapPrototypeSet(timers, label, ops.op_time_now());
  },
  timeLog(label = "default", ...data) {
    timeLogImpl("timeLog", labelString(label), data);
  },
  timeEnd(label = "default") {
    label = labelString(label);
    if (timeLogImpl("timeEnd", label, [])) MapPrototypeDelete(timers, label);
  },
};

// The namespace object's [[Prototype]] is an empty object that inherits from
// %Object.prototype% (https://webidl.spec.whatwg.org/#es-namespaces).
const console = ObjectCreate({});
const names = ObjectKeys(methods);

// V8's own console, still the global here: its methods report calls to an
// attached inspector (Runtime.consoleAPICalled, with live objects). While a
// session is attached, the inspector agent sets internals.inspectorConsole to
// this object and every call goes there too.
const v8Console = { __proto__: null };
{
  const builtin = global.console;
  for (let i = 0; i < names.length; i++) {
    const fn = builtin != null ? builtin[names[i]] : undefined;
    v8Console[names[i]] = typeof fn === "function" ? fn : () => {};
  }
}
internals.v8Console = v8Console;
// An own property from the start: the lookup below never reaches Object.prototype.
internals.inspectorConsole = undefined;

for (let i = 0; i < names.length; i++) {
  const name = names[i];
  const impl = methods[name];
  const method = {
    [name](...data) {
      const inspector = internals.inspectorConsole;
      if (inspector !== undefined) ReflectApply(inspector[name], inspector, data);
      return ReflectApply(impl, this, data);
    },
  }[name];
  // console.trace cuts its stack at the public function.
  methods[name] = method;
  ObjectDefineProperty(console, name, {
    value: method, writable: true, enumerable: true, configurable: true,
  });
}
ObjectDefineProperty(console, SymbolToStringTag, {
  value: "console", writable: false, enumerable: false, configurable: true,
});

internals.inspect = inspect;
internals.inspectCustom = customInspectSymbol;
internals.formatLogArgs = formatLogArgs;
internals.formatWithOptions = formatWithOptions;
internals.getStringWidth = getStringWidth;
// The REPL shows values the way inspect does (strings quoted), in color on a terminal.
internals.inspectForRepl = (value, colors) => inspect(value, { colors: !!colors });

webidl.defineGlobal("console", console);
