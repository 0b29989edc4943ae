#pragma once
// The seam between the transport (server/, Qt) and the debugger side
// (agent/, V8): plain C++ on both sides, so neither links the other. The
// server knows targets and sessions only through ServerDelegate; the debugger
// side answers through an Outbound that survives the socket it writes to.
#include <memory>
#include <string>
#include <vector>

namespace nano::inspector {

// One debuggable runtime, as listed by /json/list.
struct Target {
  std::string id;     // random UUID: the WebSocket path is "/" + id
  std::string title;  // the script or handler
  std::string url;    // file:// URL of the same
};

// Where a session's protocol messages go. Thread-safe: called from the
// runtime thread while the socket lives on the server's thread. Once the
// socket is gone, calls do nothing.
class Outbound {
 public:
  virtual ~Outbound() = default;
  virtual void send(std::string message) = 0;
  // Closes the connection (the target went away).
  virtual void close() = 0;
};

// What the server asks of the debugger side. Called on the server's thread;
// implementations hand the work to the runtime thread and return at once.
class ServerDelegate {
 public:
  virtual ~ServerDelegate() = default;
  virtual std::vector<Target> targets() = 0;
  // A WebSocket client attached to targetId. False when there is no such target.
  virtual bool startSession(int sessionId, const std::string& targetId,
                            std::shared_ptr<Outbound> outbound) = 0;
  virtual void messageReceived(int sessionId, std::string message) = 0;
  virtual void endSession(int sessionId) = 0;
};

}  // namespace nano::inspector
