#pragma once
// PromiseCounter: counts the promises a context makes, for the per-request
// totals of the telemetry, with the context's promise init hook alone (an
// isolate-wide hook sends every await and resolve through V8's slow paths).
#include <cstdint>

#include <v8.h>

namespace nano {

class PromiseCounter {
 public:
  PromiseCounter() = default;
  PromiseCounter(const PromiseCounter&) = delete;
  PromiseCounter& operator=(const PromiseCounter&) = delete;

  // Counts from now on (enabled) or stops. Without a debugger the hook is a
  // JS function that bumps a number read here in place: a native callback
  // costs a trip through V8's API call path per promise. A debugger would
  // step into that function, so with one attached the hook is native.
  void install(v8::Local<v8::Context> context, bool enabled, bool debuggerAttached);
  // The promises made since the last call.
  uint64_t take() {
    uint64_t count = m_count;
    m_count = 0;
    return count;
  }
  // Before the isolate goes.
  void reset();

 private:
  static void onInit(const v8::FunctionCallbackInfo<v8::Value>& info);
  v8::MaybeLocal<v8::Function> jsHook(v8::Local<v8::Context> context);

  v8::Isolate* m_isolate = nullptr;  // the context's, from install()
  // A Uint32Array of the JS hook views it: small integers need no heap
  // numbers, even before the hook is optimized. It is taken at every JS entry.
  uint32_t m_count = 0;
  v8::Global<v8::Function> m_jsHook;
  v8::Global<v8::Function> m_nativeHook;
};

}  // namespace nano
