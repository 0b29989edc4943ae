#pragma once
// The inspector server as a loadable module (libnano_inspector_qt.so): nanojs
// opens it only for --inspect, so plain runs never load Qt. The interface is
// plain C++; the module creates the QCoreApplication and the InspectorServer.
#include <string>

#include "server_delegate.h"

namespace nano::inspector {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 9229;            // 0 picks a free port
  std::string browser;        // /json/version "Browser"
  std::string v8Version;      // /json/version "V8-Version"
  std::string protocolJson;   // /json/protocol; a minimal document when empty
};

class ServerHost {
 public:
  virtual ~ServerHost() = default;
  // Called on the main thread: binds the port. False and *error on failure.
  virtual bool listen(std::string* error) = 0;
  virtual int port() const = 0;
  // Runs the event loop on the calling (main) thread until quit().
  virtual void exec() = 0;
  // Any thread: ends exec() after the messages already queued were written.
  virtual void quit() = 0;
};

// The module's one exported symbol: creates the host on the calling thread.
using CreateServerHostFn = ServerHost* (*)(const ServerConfig& config, ServerDelegate* delegate);
inline constexpr const char* kCreateServerHostSymbol = "nano_inspector_create_server_host";

}  // namespace nano::inspector
