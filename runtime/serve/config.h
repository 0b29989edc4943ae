#pragma once
// The `nanojs serve --config FILE` file: JSON, read without V8 (the front
// thread of multi-app mode has no isolate).
//   {"port": 8787, "host": "127.0.0.1",
//    "apps": [{"hostname": "a.localhost", "handler": "./a.mjs", "env": {...}}, ...]}
// hostname: an exact name, "*.example.test" (any subdomain), or "*" (the default).
#include <optional>
#include <string>
#include <vector>

namespace nano::serve {

struct AppEntry {
  std::string hostname;     // lower-cased
  std::string handlerPath;  // absolute (relative paths are taken from the config's folder)
  std::string envJson = "{}";  // the "env" value's JSON text, as written
  std::string name;            // telemetry's and the logs' app name; the hostname when empty
};

struct ServeConfig {
  std::optional<std::string> host;
  std::optional<int> port;
  std::vector<AppEntry> apps;
};

// False with *error set ("FILE:LINE:COL: message") when the file cannot be used.
bool loadServeConfig(const std::string& path, ServeConfig& config, std::string* error);
bool parseServeConfig(const std::string& text, const std::string& baseDir, ServeConfig& config,
                      std::string* error);

// Lexical normalisation of an absolute path: "/a/./b/../c.mjs" -> "/a/c.mjs".
std::string normalizePath(const std::string& path);

// Index of the app serving `host` (a Host header without its port), or -1.
// Exact names first, then the longest "*.suffix", then "*".
int routeHost(const std::vector<AppEntry>& apps, const std::string& host);

}  // namespace nano::serve
