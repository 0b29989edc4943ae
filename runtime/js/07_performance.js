// The `performance` global: High Resolution Time (now, timeOrigin), User
// Timing Level 3 (mark, measure) and the Performance Timeline (entries and
// PerformanceObserver) for the "mark" and "measure" entry types.
// https://w3c.github.io/hr-time/, https://w3c.github.io/user-timing/,
// https://w3c.github.io/performance-timeline/
"use strict";

const {
  ArrayPrototypeFilter, ArrayPrototypeIncludes, ArrayPrototypePush, ArrayPrototypeSlice,
  ArrayPrototypeSort, ArrayPrototypeSplice, ObjectFreeze, ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor, ReflectApply, TypeError,
} = internals.primordials;
const { webidl, EventTarget, DOMException } = internals;
const { converters } = webidl;

const kToken = Symbol("internal constructor");
// Captured now: observer callbacks run as tasks, whatever user code does to the globals.
const { setTimeout } = globalThis;

const now = internals.highResolutionNow;

// DOMHighResTimeStamp is a (restricted) double.
const convertTimeStamp = converters.double;

// ---------------------------------------------------------------------------
// PerformanceEntry, PerformanceMark, PerformanceMeasure

let isEntry;
let entryName;
let entryType;
let entryStartTime;

class PerformanceEntry {
  #name;
  #entryType;
  #startTime;
  #duration;

  constructor(token, name, entryType, startTime, duration) {
    if (token !== kToken) webidl.illegalConstructor();
    this.#name = name;
    this.#entryType = entryType;
    this.#startTime = startTime;
    this.#duration = duration;
  }

  static {
    isEntry = (value) => value !== null && typeof value === "object" && #name in value;
    entryName = (entry) => entry.#name;
    entryType = (entry) => entry.#entryType;
    entryStartTime = (entry) => entry.#startTime;
  }

  get name() { checkEntry(this); return this.#name; }
  get entryType() { checkEntry(this); return this.#entryType; }
  get startTime() { checkEntry(this); return this.#startTime; }
  get duration() { checkEntry(this); return this.#duration; }

  toJSON() {
    checkEntry(this);
    return {
      name: this.#name,
      entryType: this.#entryType,
      startTime: this.#startTime,
      duration: this.#duration,
    };
  }
}
function checkEntry(self) {
  if (!isEntry(self)) throw new TypeError("Illegal invocation");
}
webidl.configureInterface(PerformanceEntry);

// StructuredSerializeForStorage then StructuredDeserialize, when the runtime has it.
function cloneDetail(detail) {
  if (detail === undefined || detail === null) return null;
  const clone = internals.structuredClone ?? globalThis.structuredClone;
  return typeof clone === "function" ? clone(detail) : detail;
}

const convertMarkOptions = webidl.createDictionaryConverter("PerformanceMarkOptions", [
  { key: "detail", converter: converters.any },
  { key: "startTime", converter: convertTimeStamp },
]);

let isMark;

class PerformanceMark extends PerformanceEntry {
  #detail;

  constructor(markName, markOptions = undefined) {
    const prefix = "Failed to construct 'PerformanceMark'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    markName = converters.DOMString(markName, prefix, "Argument 1");
    const options = convertMarkOptions(markOptions, prefix, "Argument 2");
    let startTime;
    if (options.startTime !== undefined) {
      if (options.startTime < 0) throw webidl.makeError(TypeError, prefix, "'startTime' cannot be negative");
      startTime = options.startTime;
    } else {
      startTime = now();
    }
    const detail = cloneDetail(options.detail);
    super(kToken, markName, "mark", startTime, 0);
    this.#detail = detail;
  }

  static {
    isMark = (value) => value !== null && typeof value === "object" && #detail in value;
  }

  get detail() {
    if (!isMark(this)) throw new TypeError("Illegal invocation");
    return this.#detail;
  }
}
webidl.configureInterface(PerformanceMark);

let isMeasure;

class PerformanceMeasure extends PerformanceEntry {
  #detail;

  constructor(token, name, startTime, duration, detail) {
    if (token !== kToken) webidl.illegalConstructor();
    super(kToken, name, "measure", startTime, duration);
    this.#detail = detail;
  }

  static {
    isMeasure = (value) => value !== null && typeof value === "object" && #detail in value;
  }

  get detail() {
    if (!isMeasure(this)) throw new TypeError("Illegal invocation");
    return this.#detail;
  }
}
webidl.configureInterface(PerformanceMeasure);

// ---------------------------------------------------------------------------
// The performance entry buffer and observers

const entryBuffer = [];  // marks and measures, in insertion order
const supportedEntryTypes = ObjectFreeze(["mark", "measure"]);

function byStartTime(a, b) {
  return entryStartTime(a) - entryStartTime(b);
}

// "filter buffer by name and type": chronological by startTime (a stable sort).
function filterEntries(entries, name, type) {
  let result = ArrayPrototypeFilter(entries, (entry) =>
    (name === undefined || entryName(entry) === name) && (type === undefined || entryType(entry) === type));
  result = ArrayPrototypeSort(result, byStartTime);
  return result;
}

function removeEntries(type, name) {
  for (let i = entryBuffer.length - 1; i >= 0; i--) {
    const entry = entryBuffer[i];
    if (entryType(entry) === type && (name === undefined || entryName(entry) === name)) {
      ArrayPrototypeSplice(entryBuffer, i, 1);
    }
  }
}

// Registered observers: { observer, options: [PerformanceObserverInit] }.
const registeredObservers = [];
let observerTaskQueued = false;
let observerState;  // PerformanceObserver -> its private state

function queueObserverTask() {
  if (observerTaskQueued) return;
  observerTaskQueued = true;
  setTimeout(() => {
    observerTaskQueued = false;
    const notifyList = ArrayPrototypeSlice(registeredObservers);
    for (let i = 0; i < notifyList.length; i++) {
      const observer = notifyList[i].observer;
      const state = observerState(observer);
      const entries = state.buffer;
      if (entries.length === 0) continue;
      state.buffer = [];
      const list = new PerformanceObserverEntryList(kToken, entries);
      try {
        ReflectApply(state.callback, observer, [list, observer]);
      } catch (error) {
        internals.reportException(error);
      }
    }
  }, 0);
}

// "queue a PerformanceEntry".
function queueEntry(entry) {
  const type = entryType(entry);
  let interested = false;
  for (let i = 0; i < registeredObservers.length; i++) {
    const registered = registeredObservers[i];
    for (let j = 0; j < registered.options.length; j++) {
      const options = registered.options[j];
      if (options.type === type || (options.entryTypes !== undefined && ArrayPrototypeIncludes(options.entryTypes, type))) {
        ArrayPrototypePush(observerState(registered.observer).buffer, entry);
        interested = true;
        break;
      }
    }
  }
  if (interested) queueObserverTask();
}

function addEntry(entry) {
  ArrayPrototypePush(entryBuffer, entry);
  queueEntry(entry);
  return entry;
}

// ---------------------------------------------------------------------------
// Performance

// PerformanceTiming's attribute names: only meaningful on a Window.
const kNavigationTimingNames = [
  "navigationStart", "unloadEventStart", "unloadEventEnd", "redirectStart", "redirectEnd",
  "fetchStart", "domainLookupStart", "domainLookupEnd", "connectStart", "connectEnd",
  "secureConnectionStart", "requestStart", "responseStart", "responseEnd", "domLoading",
  "domInteractive", "domContentLoadedEventStart", "domContentLoadedEventEnd", "domComplete",
  "loadEventStart", "loadEventEnd",
];

// User Timing "convert a mark to a timestamp".
function markToTimestamp(mark, prefix) {
  if (typeof mark === "string") {
    if (ArrayPrototypeIncludes(kNavigationTimingNames, mark)) {
      throw webidl.makeError(TypeError, prefix, `'${mark}' is a navigation timing name, which is only available in a window`);
    }
    for (let i = entryBuffer.length - 1; i >= 0; i--) {
      const entry = entryBuffer[i];
      if (entryType(entry) === "mark" && entryName(entry) === mark) return entryStartTime(entry);
    }
    throw new DOMException(`${prefix}: The mark '${mark}' does not exist.`, "SyntaxError");
  }
  if (mark < 0) throw webidl.makeError(TypeError, prefix, `'${mark}' cannot be negative`);
  return mark;
}

// (DOMString or DOMHighResTimeStamp)
function convertMarkReference(value, prefix, context) {
  if (typeof value === "number") return convertTimeStamp(value, prefix, context);
  return converters.DOMString(value, prefix, context);
}

const convertMeasureOptions = webidl.createDictionaryConverter("PerformanceMeasureOptions", [
  { key: "detail", converter: converters.any },
  { key: "duration", converter: convertTimeStamp },
  { key: "end", converter: convertMarkReference },
  { key: "start", converter: convertMarkReference },
]);

const convertMarkName = (value, prefix) => {
  return value === undefined ? undefined : converters.DOMString(value, prefix, "Argument 1");
};

let isPerformance;

class Performance extends EventTarget {
  #timeOrigin;

  constructor(token) {
    if (token !== kToken) webidl.illegalConstructor();
    super();
    this.#timeOrigin = ops.op_time_origin();
  }

  static {
    isPerformance = (value) => value !== null && typeof value === "object" && #timeOrigin in value;
  }

  now() {
    checkPerformance(this);
    return now();
  }

  get timeOrigin() {
    checkPerformance(this);
    return this.#timeOrigin;
  }

  toJSON() {
    checkPerformance(this);
    return { timeOrigin: this.#timeOrigin };
  }

  getEntries() {
    checkPerformance(this);
    return filterEntries(entryBuffer, undefined, undefined);
  }

  getEntriesByType(type) {
    checkPerformance(this);
    const prefix = "Failed to execute 'getEntriesByType' on 'Performance'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = converters.DOMString(type, prefix, "Argument 1");
    return filterEntries(entryBuffer, undefined, type);
  }

  getEntriesByName(name, type = undefined) {
    checkPerformance(this);
    const prefix = "Failed to execute 'getEntriesByName' on 'Performance'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.DOMString(name, prefix, "Argument 1");
    if (type !== undefined) type = converters.DOMString(type, prefix, "Argument 2");
    return filterEntries(entryBuffer, name, type);
  }

  mark(markName, markOptions = undefined) {
    checkPerformance(this);
    const prefix = "Failed to execute 'mark' on 'Performance'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    return addEntry(new PerformanceMark(markName, markOptions));
  }

  clearMarks(markName = undefined) {
    checkPerformance(this);
    removeEntries("mark", convertMarkName(markName, "Failed to execute 'clearMarks' on 'Performance'"));
  }

  measure(measureName, startOrMeasureOptions = undefined, endMark = undefined) {
    checkPerformance(this);
    const prefix = "Failed to execute 'measure' on 'Performance'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    measureName = converters.DOMString(measureName, prefix, "Argument 1");
    // (DOMString or PerformanceMeasureOptions): undefined, null and objects are the dictionary.
    let options = null;
    let startMark;
    if (startOrMeasureOptions === undefined || startOrMeasureOptions === null ||
        typeof startOrMeasureOptions === "object" || typeof startOrMeasureOptions === "function") {
      options = convertMeasureOptions(startOrMeasureOptions, prefix, "Argument 2");
    } else {
      startMark = converters.DOMString(startOrMeasureOptions, prefix, "Argument 2");
    }
    if (endMark !== undefined) endMark = converters.DOMString(endMark, prefix, "Argument 3");

    const { start, duration, end, detail } = options ?? {};
    if (options !== null &&
        (start !== undefined || duration !== undefined || end !== undefined || detail !== undefined)) {
      if (endMark !== undefined) {
        throw webidl.makeError(TypeError, prefix, "an end mark cannot be given together with measure options");
      }
      if (start === undefined && end === undefined) {
        throw webidl.makeError(TypeError, prefix, "measure options need a 'start' or an 'end'");
      }
      if (start !== undefined && duration !== undefined && end !== undefined) {
        throw webidl.makeError(TypeError, prefix, "measure options cannot have 'start', 'duration' and 'end' together");
      }
    }

    let endTime;
    if (endMark !== undefined) {
      endTime = markToTimestamp(endMark, prefix);
    } else if (end !== undefined) {
      endTime = markToTimestamp(end, prefix);
    } else if (start !== undefined && duration !== undefined) {
      endTime = markToTimestamp(start, prefix) + markToTimestamp(duration, prefix);
    } else {
      endTime = now();
    }

    let startTime;
    if (start !== undefined) {
      startTime = markToTimestamp(start, prefix);
    } else if (duration !== undefined && end !== undefined) {
      startTime = markToTimestamp(end, prefix) - markToTimestamp(duration, prefix);
    } else if (startMark !== undefined) {
      startTime = markToTimestamp(startMark, prefix);
    } else {
      startTime = 0;
    }

    const entry = new PerformanceMeasure(kToken, measureName, startTime, endTime - startTime,
      options !== null && detail !== undefined ? cloneDetail(detail) : null);
    return addEntry(entry);
  }

  clearMeasures(measureName = undefined) {
    checkPerformance(this);
    removeEntries("measure", convertMarkName(measureName, "Failed to execute 'clearMeasures' on 'Performance'"));
  }
}
function checkPerformance(self) {
  if (!isPerformance(self)) throw new TypeError("Illegal invocation");
}
webidl.configureInterface(Performance);

// ---------------------------------------------------------------------------
// PerformanceObserver

let entryListEntries;

class PerformanceObserverEntryList {
  #entries;

  constructor(token, entries) {
    if (token !== kToken) webidl.illegalConstructor();
    this.#entries = entries;
  }

  static {
    entryListEntries = (value) => {
      if (value === null || typeof value !== "object" || !(#entries in value)) {
        throw new TypeError("Illegal invocation");
      }
      return value.#entries;
    };
  }

  getEntries() {
    return filterEntries(entryListEntries(this), undefined, undefined);
  }

  getEntriesByType(type) {
    const entries = entryListEntries(this);
    const prefix = "Failed to execute 'getEntriesByType' on 'PerformanceObserverEntryList'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    return filterEntries(entries, undefined, converters.DOMString(type, prefix, "Argument 1"));
  }

  getEntriesByName(name, type = undefined) {
    const entries = entryListEntries(this);
    const prefix = "Failed to execute 'getEntriesByName' on 'PerformanceObserverEntryList'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.DOMString(name, prefix, "Argument 1");
    if (type !== undefined) type = converters.DOMString(type, prefix, "Argument 2");
    return filterEntries(entries, name, type);
  }
}
webidl.configureInterface(PerformanceObserverEntryList);

const convertObserverInit = webidl.createDictionaryConverter("PerformanceObserverInit", [
  { key: "buffered", converter: converters.boolean },
  { key: "entryTypes", converter: webidl.createSequenceConverter(converters.DOMString) },
  { key: "type", converter: converters.DOMString },
]);

class PerformanceObserver {
  #state;

  constructor(callback) {
    const prefix = "Failed to construct 'PerformanceObserver'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    callback = converters.Function(callback, prefix, "Argument 1");
    this.#state = { callback, buffer: [], type: "undefined" };
  }

  static {
    observerState = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) {
        throw new TypeError("Illegal invocation");
      }
      return value.#state;
    };
  }

  observe(options = undefined) {
    const state = observerState(this);
    const prefix = "Failed to execute 'observe' on 'PerformanceObserver'";
    options = convertObserverInit(options, prefix, "Argument 1");
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) {
      throw webidl.makeError(TypeError, prefix, "either 'entryTypes' or 'type' must be given");
    }
    if (entryTypes !== undefined && (type !== undefined || buffered !== undefined)) {
      throw webidl.makeError(TypeError, prefix, "'entryTypes' cannot be combined with 'type' or 'buffered'");
    }
    if (state.type === "undefined") state.type = entryTypes !== undefined ? "multiple" : "single";
    if (state.type === "single" && entryTypes !== undefined) {
      throw new DOMException(`${prefix}: This observer already observes a single 'type'.`, "InvalidModificationError");
    }
    if (state.type === "multiple" && type !== undefined) {
      throw new DOMException(`${prefix}: This observer already observes 'entryTypes'.`, "InvalidModificationError");
    }
    const index = findRegistered(this);
    if (state.type === "multiple") {
      const types = ArrayPrototypeFilter(entryTypes, (t) => ArrayPrototypeIncludes(supportedEntryTypes, t));
      if (types.length === 0) return;
      const init = { entryTypes: types };
      if (index !== -1) registeredObservers[index].options = [init];
      else ArrayPrototypePush(registeredObservers, { observer: this, options: [init] });
      return;
    }
    if (!ArrayPrototypeIncludes(supportedEntryTypes, type)) return;
    const init = { type, buffered: !!buffered };
    if (index !== -1) {
      const list = registeredObservers[index].options;
      let replaced = false;
      for (let i = 0; i < list.length; i++) {
        if (list[i].type === type) {
          list[i] = init;
          replaced = true;
        }
      }
      if (!replaced) ArrayPrototypePush(list, init);
    } else {
      ArrayPrototypePush(registeredObservers, { observer: this, options: [init] });
    }
    if (buffered) {
      const entries = filterEntries(entryBuffer, undefined, type);
      for (let i = 0; i < entries.length; i++) ArrayPrototypePush(state.buffer, entries[i]);
      if (entries.length > 0) queueObserverTask();
    }
  }

  disconnect() {
    const state = observerState(this);
    const index = findRegistered(this);
    if (index !== -1) ArrayPrototypeSplice(registeredObservers, index, 1);
    state.buffer = [];
  }

  takeRecords() {
    const state = observerState(this);
    const records = state.buffer;
    state.buffer = [];
    return records;
  }

  static get supportedEntryTypes() {
    return supportedEntryTypes;
  }
}
function findRegistered(observer) {
  for (let i = 0; i < registeredObservers.length; i++) {
    if (registeredObservers[i].observer === observer) return i;
  }
  return -1;
}
webidl.configureInterface(PerformanceObserver);
// configureInterface only touches the prototype; static attributes are enumerable too.
{
  const desc = ObjectGetOwnPropertyDescriptor(PerformanceObserver, "supportedEntryTypes");
  desc.enumerable = true;
  ObjectDefineProperty(PerformanceObserver, "supportedEntryTypes", desc);
}

// Interfaces without a WebIDL constructor still report length 0.
for (const Interface of [Performance, PerformanceEntry, PerformanceMeasure, PerformanceObserverEntryList]) {
  ObjectDefineProperty(Interface, "length", { value: 0, configurable: true });
}

const performance = new Performance(kToken);

internals.performance = performance;
internals.Performance = Performance;
internals.PerformanceEntry = PerformanceEntry;

internals.defineReplaceableGlobalAttribute("performance", () => performance);
webidl.defineGlobals({
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
});
