#pragma once
// ES modules for one Runtime: file:// resolution through ada, a cache keyed by
// URL, JSON modules, dynamic import(), import.meta and top-level await.
// Called on the runtime thread.
#include <string>
#include <unordered_map>
#include <vector>

#include <v8.h>

namespace nano {

class Runtime;

class ModuleLoader {
 public:
  explicit ModuleLoader(Runtime& runtime);
  ~ModuleLoader();

  static std::string absolutePath(const std::string& path);
  static bool readFile(const std::string& path, std::string& out);
  static std::string fileUrl(const std::string& absolutePath);
  // True when the code does not parse as a classic script but does as a module.
  static bool looksLikeModule(v8::Isolate* isolate, v8::Local<v8::Context> context,
                              const std::string& code, const std::string& path);

  // Loads, links and evaluates the entry module. Returns false when it threw
  // synchronously (already reported); a rejected top-level await is reported later.
  bool runMain(const std::string& absolutePath, const std::string& code);
  // After the loop ran dry: a main module still awaiting can never finish.
  void checkMainSettled();
  // The namespace of an evaluated module, or empty (for serve: the handler's exports).
  v8::MaybeLocal<v8::Object> mainNamespace();

 private:
  struct Record {
    std::string url;
    v8::Global<v8::Module> module;
    std::string jsonText;  // JSON modules: parsed when evaluated
  };

  v8::MaybeLocal<v8::Module> compile(const std::string& url, const std::string& code);
  v8::MaybeLocal<v8::Module> load(const std::string& url, bool json, const std::string& referrer);
  bool resolve(const std::string& specifier, const std::string& referrerUrl, std::string& url);
  const Record* find(v8::Local<v8::Module> module) const;
  static bool wantsJson(v8::Isolate* isolate, v8::Local<v8::Context> context,
                        v8::Local<v8::FixedArray> assertions, int stride, const std::string& url);

  static v8::MaybeLocal<v8::Module> onResolve(v8::Local<v8::Context> context,
                                              v8::Local<v8::String> specifier,
                                              v8::Local<v8::FixedArray> assertions,
                                              v8::Local<v8::Module> referrer);
  static v8::MaybeLocal<v8::Promise> onDynamicImport(v8::Local<v8::Context> context,
                                                     v8::Local<v8::Data> hostDefinedOptions,
                                                     v8::Local<v8::Value> resourceName,
                                                     v8::Local<v8::String> specifier,
                                                     v8::Local<v8::FixedArray> assertions);
  static void onImportMeta(v8::Local<v8::Context> context, v8::Local<v8::Module> module,
                           v8::Local<v8::Object> meta);
  static v8::MaybeLocal<v8::Value> evaluateJson(v8::Local<v8::Context> context,
                                                v8::Local<v8::Module> module);

  Runtime& m_runtime;
  std::unordered_map<std::string, Record> m_byUrl;
  std::unordered_multimap<int, std::string> m_urlByHash;
  v8::Global<v8::Module> m_main;
  v8::Global<v8::Promise> m_mainPromise;
  std::string m_mainUrl;
};

}  // namespace nano
