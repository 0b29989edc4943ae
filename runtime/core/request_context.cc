#include "request_context.h"

#include "runtime.h"

namespace nano {

RequestId currentRequest(v8::Isolate* isolate) {
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (context.IsEmpty()) return 0;
  v8::Local<v8::Value> data = context->GetContinuationPreservedEmbedderData();
  return data->IsNumber() ? static_cast<RequestId>(data.As<v8::Number>()->Value()) : 0;
}

RequestCallbackScope::RequestCallbackScope(Runtime& runtime, RequestId request)
    : m_runtime(runtime),
      m_request(request),
      m_previousRequest(runtime.m_callbackRequest),
      m_outermost(runtime.m_callbackDepth++ == 0) {
  runtime.countPromisesFor(m_previousRequest);  // made before this scope
  v8::Isolate* isolate = runtime.isolate();
  v8::Local<v8::Context> context = runtime.context();
  m_previousData = context->GetContinuationPreservedEmbedderData();
  context->SetContinuationPreservedEmbedderData(
      request ? requestIdToV8(isolate, request) : v8::Undefined(isolate).As<v8::Value>());
  runtime.m_callbackRequest = request;
  if (RequestObserver* observer = runtime.requestObserver()) observer->enterCallback(request, m_outermost);
}

RequestCallbackScope::~RequestCallbackScope() {
  if (m_outermost && !m_runtime.isolate()->IsExecutionTerminating()) m_runtime.checkpoint();
  m_runtime.countPromisesFor(m_request);
  if (RequestObserver* observer = m_runtime.requestObserver()) observer->leaveCallback(m_request, m_outermost);
  m_runtime.context()->SetContinuationPreservedEmbedderData(m_previousData);
  m_runtime.m_callbackRequest = m_previousRequest;
  --m_runtime.m_callbackDepth;
}

}  // namespace nano
