#include "modules.h"

#include <cerrno>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <ada.h>

#include "errors.h"
#include "runtime.h"

namespace nano {

namespace {

v8::Local<v8::String> str(v8::Isolate* isolate, std::string_view text) {
  return toV8String(isolate, text);
}

std::string pathFromFileUrl(const std::string& url) {
  auto parsed = ada::parse<ada::url_aggregator>(url);
  if (!parsed) return url;
  return displayPath("file://" + std::string(parsed->get_pathname()));
}

}  // namespace

ModuleLoader::ModuleLoader(Runtime& runtime) : m_runtime(runtime) {
  v8::Isolate* isolate = runtime.isolate();
  isolate->SetHostImportModuleDynamicallyCallback(&ModuleLoader::onDynamicImport);
  isolate->SetHostInitializeImportMetaObjectCallback(&ModuleLoader::onImportMeta);
}

ModuleLoader::~ModuleLoader() = default;

std::string ModuleLoader::absolutePath(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved)) return resolved;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return path;
  return std::string(cwd) + "/" + path;
}

bool ModuleLoader::readFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  // A shebang line is not JavaScript.
  if (out.size() > 1 && out[0] == '#' && out[1] == '!') out.replace(0, out.find('\n'), "//");
  return true;
}

std::string ModuleLoader::fileUrl(const std::string& absolutePath) {
  auto url = ada::parse<ada::url_aggregator>("file:///");
  if (!url) return "file://" + absolutePath;
  url->set_pathname(absolutePath);
  return std::string(url->get_href());
}

bool ModuleLoader::looksLikeModule(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                   const std::string& code, const std::string& path) {
  v8::HandleScope handles(isolate);
  v8::TryCatch guard(isolate);
  {
    v8::ScriptOrigin origin(isolate, str(isolate, fileUrl(path)));
    v8::ScriptCompiler::Source source(str(isolate, code), origin);
    if (!v8::ScriptCompiler::CompileUnboundScript(isolate, &source).IsEmpty()) return false;
  }
  guard.Reset();
  v8::ScriptOrigin origin(isolate, str(isolate, fileUrl(path)), 0, 0, false, -1,
                          v8::Local<v8::Value>(), false, false, true);
  v8::ScriptCompiler::Source source(str(isolate, code), origin);
  return !v8::ScriptCompiler::CompileModule(isolate, &source).IsEmpty();
}

v8::MaybeLocal<v8::Module> ModuleLoader::compile(const std::string& url, const std::string& code) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::ScriptOrigin origin(isolate, str(isolate, url), 0, 0, false, -1, v8::Local<v8::Value>(),
                          false, false, true);
  v8::ScriptCompiler::Source source(str(isolate, code), origin);
  v8::Local<v8::Module> module;
  if (!v8::ScriptCompiler::CompileModule(isolate, &source).ToLocal(&module)) return {};
  Record& record = m_byUrl[url];
  record.url = url;
  record.module.Reset(isolate, module);
  m_urlByHash.emplace(module->GetIdentityHash(), url);
  return module;
}

v8::MaybeLocal<v8::Module> ModuleLoader::load(const std::string& url, bool json,
                                              const std::string& referrer) {
  v8::Isolate* isolate = m_runtime.isolate();
  auto it = m_byUrl.find(url);
  if (it != m_byUrl.end()) return it->second.module.Get(isolate);
  std::string path = pathFromFileUrl(url);
  std::string code;
  if (!readFile(path, code)) {
    throwTypeError(isolate, "Module not found \"" + url + "\" imported from " + referrer + " (" +
                                std::strerror(errno) + ")");
    return {};
  }
  if (!json) return compile(url, code);
  v8::Local<v8::String> defaultName = str(isolate, "default");
  v8::Local<v8::Module> module = v8::Module::CreateSyntheticModule(
      isolate, str(isolate, url), {defaultName}, &ModuleLoader::evaluateJson);
  Record& record = m_byUrl[url];
  record.url = url;
  record.module.Reset(isolate, module);
  record.jsonText = std::move(code);
  m_urlByHash.emplace(module->GetIdentityHash(), url);
  return module;
}

const ModuleLoader::Record* ModuleLoader::find(v8::Local<v8::Module> module) const {
  v8::Isolate* isolate = m_runtime.isolate();
  auto [begin, end] = m_urlByHash.equal_range(module->GetIdentityHash());
  for (auto it = begin; it != end; ++it) {
    auto record = m_byUrl.find(it->second);
    if (record != m_byUrl.end() && record->second.module.Get(isolate) == module)
      return &record->second;
  }
  return nullptr;
}

bool ModuleLoader::resolve(const std::string& specifier, const std::string& referrerUrl,
                           std::string& url) {
  v8::Isolate* isolate = m_runtime.isolate();
  bool relative = specifier.starts_with("./") || specifier.starts_with("../") ||
                  specifier.starts_with("/");
  auto direct = ada::parse<ada::url_aggregator>(specifier);
  if (!relative && !direct) {
    throwTypeError(isolate, "Relative import path \"" + specifier +
                                "\" not prefixed with / or ./ or ../ (imported from " +
                                referrerUrl + ")");
    return false;
  }
  auto base = ada::parse<ada::url_aggregator>(referrerUrl);
  auto resolved = relative ? ada::parse<ada::url_aggregator>(specifier, base ? &*base : nullptr)
                           : std::move(direct);
  if (!resolved) {
    throwTypeError(isolate, "Invalid module specifier \"" + specifier + "\"");
    return false;
  }
  if (resolved->get_protocol() != "file:") {
    throwTypeError(isolate, "Unsupported module URL scheme in \"" + std::string(resolved->get_href()) +
                                "\": only file: modules can be imported");
    return false;
  }
  url = std::string(resolved->get_href());
  return true;
}

bool ModuleLoader::wantsJson(v8::Isolate* isolate, v8::Local<v8::Context> context,
                             v8::Local<v8::FixedArray> assertions, int stride,
                             const std::string& url) {
  for (int i = 0; i + 1 < assertions->Length(); i += stride) {
    v8::Local<v8::Value> key = assertions->Get(context, i).As<v8::Value>();
    v8::Local<v8::Value> value = assertions->Get(context, i + 1).As<v8::Value>();
    if (toStdString(isolate, key) == "type") return toStdString(isolate, value) == "json";
  }
  return url.ends_with(".json");
}

v8::MaybeLocal<v8::Module> ModuleLoader::onResolve(v8::Local<v8::Context> context,
                                                   v8::Local<v8::String> specifier,
                                                   v8::Local<v8::FixedArray> assertions,
                                                   v8::Local<v8::Module> referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader& self = Runtime::from(isolate).modules();
  const Record* from = self.find(referrer);
  std::string url;
  const std::string& referrerUrl = from ? from->url : self.m_mainUrl;
  if (!self.resolve(toStdString(isolate, specifier), referrerUrl, url)) return {};
  // Static import assertions come as (key, value, location) triples.
  return self.load(url, wantsJson(isolate, context, assertions, 3, url), referrerUrl);
}

v8::MaybeLocal<v8::Value> ModuleLoader::evaluateJson(v8::Local<v8::Context> context,
                                                     v8::Local<v8::Module> module) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader& self = Runtime::from(isolate).modules();
  const Record* record = self.find(module);
  v8::Local<v8::Value> value;
  if (!record || !v8::JSON::Parse(context, str(isolate, record->jsonText)).ToLocal(&value))
    return {};
  if (module->SetSyntheticModuleExport(isolate, str(isolate, "default"), value).IsNothing())
    return {};
  v8::Local<v8::Promise::Resolver> done = v8::Promise::Resolver::New(context).ToLocalChecked();
  done->Resolve(context, v8::Undefined(isolate)).Check();
  return done->GetPromise();
}

void ModuleLoader::onImportMeta(v8::Local<v8::Context> context, v8::Local<v8::Module> module,
                                v8::Local<v8::Object> meta) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader& self = Runtime::from(isolate).modules();
  const Record* record = self.find(module);
  if (!record) return;
  std::string path = pathFromFileUrl(record->url);
  std::string dir = path.substr(0, path.rfind('/'));
  meta->CreateDataProperty(context, str(isolate, "url"), str(isolate, record->url)).Check();
  meta->CreateDataProperty(context, str(isolate, "main"),
                           v8::Boolean::New(isolate, record->url == self.m_mainUrl))
      .Check();
  meta->CreateDataProperty(context, str(isolate, "filename"), str(isolate, path)).Check();
  meta->CreateDataProperty(context, str(isolate, "dirname"), str(isolate, dir.empty() ? "/" : dir))
      .Check();
  auto resolveFn = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
    v8::Isolate* isolate = info.GetIsolate();
    ModuleLoader& loader = Runtime::from(isolate).modules();
    std::string url;
    std::string specifier = toStdString(isolate, info[0]);
    if (loader.resolve(specifier, toStdString(isolate, info.Data()), url))
      info.GetReturnValue().Set(str(isolate, url));
  };
  v8::Local<v8::Function> fn =
      v8::Function::New(context, resolveFn, str(isolate, record->url), 1).ToLocalChecked();
  meta->CreateDataProperty(context, str(isolate, "resolve"), fn).Check();
}

v8::MaybeLocal<v8::Promise> ModuleLoader::onDynamicImport(v8::Local<v8::Context> context,
                                                          v8::Local<v8::Data>,
                                                          v8::Local<v8::Value> resourceName,
                                                          v8::Local<v8::String> specifier,
                                                          v8::Local<v8::FixedArray> assertions) {
  v8::Isolate* isolate = context->GetIsolate();
  ModuleLoader& self = Runtime::from(isolate).modules();
  v8::EscapableHandleScope handles(isolate);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return {};
  v8::TryCatch guard(isolate);
  std::string referrer = toStdString(isolate, resourceName);
  if (!referrer.starts_with("file:")) referrer = fileUrl(absolutePath(".") + "/");
  std::string url;
  v8::Local<v8::Module> module;
  v8::Local<v8::Value> evaluation;
  // Dynamic import assertions come as (key, value) pairs.
  if (!self.resolve(toStdString(isolate, specifier), referrer, url) ||
      !self.load(url, wantsJson(isolate, context, assertions, 2, url), referrer).ToLocal(&module) ||
      module->InstantiateModule(context, &ModuleLoader::onResolve).IsNothing() ||
      !module->Evaluate(context).ToLocal(&evaluation)) {
    if (guard.HasCaught() && guard.CanContinue()) {
      resolver->Reject(context, guard.Exception()).Check();
      return handles.Escape(resolver->GetPromise());
    }
    return {};
  }
  // Resolve with the namespace once evaluation (maybe awaiting) has finished.
  v8::Local<v8::Array> data = v8::Array::New(isolate, 2);
  data->Set(context, 0, resolver).Check();
  data->Set(context, 1, module->GetModuleNamespace()).Check();
  auto onFulfilled = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
    v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
    v8::Local<v8::Array> data = info.Data().As<v8::Array>();
    auto resolver = data->Get(context, 0).ToLocalChecked().As<v8::Promise::Resolver>();
    resolver->Resolve(context, data->Get(context, 1).ToLocalChecked()).Check();
  };
  auto onRejected = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
    v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
    v8::Local<v8::Array> data = info.Data().As<v8::Array>();
    auto resolver = data->Get(context, 0).ToLocalChecked().As<v8::Promise::Resolver>();
    resolver->Reject(context, info[0]).Check();
  };
  if (evaluation->IsPromise()) {
    evaluation.As<v8::Promise>()
        ->Then(context, v8::Function::New(context, onFulfilled, data).ToLocalChecked(),
               v8::Function::New(context, onRejected, data).ToLocalChecked())
        .ToLocalChecked();
  } else {
    resolver->Resolve(context, module->GetModuleNamespace()).Check();
  }
  return handles.Escape(resolver->GetPromise());
}

bool ModuleLoader::runMain(const std::string& absolutePath, const std::string& code) {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = m_runtime.context();
  v8::TryCatch guard(isolate);
  m_mainUrl = fileUrl(absolutePath);
  v8::Local<v8::Module> module;
  v8::Local<v8::Value> evaluation;
  bool ready = compile(m_mainUrl, code).ToLocal(&module) &&
               module->InstantiateModule(context, &ModuleLoader::onResolve).IsJust();
  // Its evaluation is a task: the loop's clock (uv_now) says when it began.
  if (ready) uv_update_time(m_runtime.loop());
  if (!ready || !module->Evaluate(context).ToLocal(&evaluation)) {
    if (guard.HasCaught() && guard.CanContinue())
      m_runtime.reportUncaught(guard.Exception(), guard.Message());
    return false;
  }
  m_main.Reset(isolate, module);
  if (evaluation->IsPromise()) {
    v8::Local<v8::Promise> promise = evaluation.As<v8::Promise>();
    m_mainPromise.Reset(isolate, promise);
    // A rejection of the entry module is an uncaught error, reported once here.
    auto onRejected = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
      v8::Isolate* isolate = info.GetIsolate();
      Runtime& runtime = Runtime::from(isolate);
      runtime.reportUncaught(info[0], v8::Exception::CreateMessage(isolate, info[0]));
    };
    promise->Catch(context, v8::Function::New(context, onRejected).ToLocalChecked()).ToLocalChecked();
  }
  m_runtime.checkpoint();
  return !m_runtime.failed();
}

void ModuleLoader::checkMainSettled() {
  v8::Isolate* isolate = m_runtime.isolate();
  v8::HandleScope handles(isolate);
  if (m_mainPromise.IsEmpty()) return;
  if (m_mainPromise.Get(isolate)->State() == v8::Promise::kPending) {
    m_runtime.write(OutputStream::Stderr,
                    "error: Top-level await promise never resolved (" + displayPath(m_mainUrl) +
                        "): the event loop has no more work that could settle it\n");
    m_runtime.exit(13);
  }
}

v8::MaybeLocal<v8::Object> ModuleLoader::mainNamespace() {
  v8::Isolate* isolate = m_runtime.isolate();
  if (m_main.IsEmpty()) return {};
  v8::Local<v8::Module> module = m_main.Get(isolate);
  if (module->GetStatus() != v8::Module::kEvaluated) return {};
  return module->GetModuleNamespace().As<v8::Object>();
}

}  // namespace nano
