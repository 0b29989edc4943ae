#include "repl.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <editline/readline.h>

#include "../core/errors.h"
#include "../core/runtime.h"

namespace nano {

namespace {

// Input that V8 rejects only because it ended early: keep reading lines.
bool isIncomplete(v8::Isolate* isolate, const std::string& message) {
  return message.find("Unexpected end of input") != std::string::npos ||
         message.find("Unterminated template literal") != std::string::npos ||
         message.find("missing ) after argument list") != std::string::npos;
}

enum class Outcome { Done, Incomplete };

Outcome evaluate(Runtime& runtime, const std::string& code, bool colors) {
  v8::Isolate* isolate = runtime.isolate();
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = runtime.context();
  v8::TryCatch guard(isolate);
  v8::ScriptOrigin origin(isolate, toV8String(isolate, "repl"));
  v8::ScriptCompiler::Source source(toV8String(isolate, code), origin);
  v8::Local<v8::Script> script;
  if (!v8::ScriptCompiler::Compile(context, &source).ToLocal(&script)) {
    if (isIncomplete(isolate, toStdString(isolate, guard.Message()->Get()))) return Outcome::Incomplete;
    runtime.write(OutputStream::Stderr,
                  formatException(isolate, guard.Exception(), guard.Message(), false));
    return Outcome::Done;
  }
  v8::Local<v8::Value> result;
  if (!script->Run(context).ToLocal(&result)) {
    if (guard.HasCaught())
      runtime.write(OutputStream::Stderr,
                    formatException(isolate, guard.Exception(), guard.Message(), false));
    runtime.checkpoint();
    return Outcome::Done;
  }
  v8::Local<v8::Function> inspect;
  v8::Local<v8::Value> text;
  v8::Local<v8::Value> args[] = {result, v8::Boolean::New(isolate, colors)};
  if (runtime.internalFunction("inspectForRepl").ToLocal(&inspect) &&
      inspect->Call(context, v8::Undefined(isolate), 2, args).ToLocal(&text))
    runtime.write(OutputStream::Stdout, toStdString(isolate, text) + "\n");
  runtime.checkpoint();
  return Outcome::Done;
}

std::string historyPath() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.nano_repl_history" : std::string();
}

}  // namespace

int runRepl(Runtime& runtime) {
  bool interactive = isatty(STDIN_FILENO);
  std::string history = historyPath();
  if (interactive) {
    std::printf("NANO %s (V8 %s). Type JavaScript; Ctrl-D exits.\n", NANO_VERSION,
                v8::V8::GetVersion());
    if (!history.empty()) read_history(history.c_str());
  }
  std::string pending;
  while (!runtime.failed()) {
    const char* prompt = pending.empty() ? "> " : "... ";
    std::string line;
    if (interactive) {
      char* raw = readline(prompt);
      if (!raw) break;
      line = raw;
      std::free(raw);
      if (!line.empty()) add_history(line.c_str());
    } else if (!std::getline(std::cin, line)) {
      break;
    }
    pending += pending.empty() ? line : "\n" + line;
    if (pending.empty()) continue;
    if (evaluate(runtime, pending, interactive) == Outcome::Done) pending.clear();
    runtime.runLoopOnce();
  }
  if (interactive) {
    std::printf("\n");
    if (!history.empty()) write_history(history.c_str());
  }
  if (!pending.empty()) evaluate(runtime, pending, interactive);
  runtime.runLoop();
  return runtime.exitCode();
}

}  // namespace nano
