#pragma once
// Telemetry as JSON lines (`--telemetry FILE`): one event an object,
// {"seq":N,"t":ms,"kind":"fetch|stream|promise|request","op":"open|update|close",
//  "id":N,"request":N|null, ...the record's fields in camelCase}.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "feed.h"

namespace nano::telemetry {

std::string toJsonLine(const Event& event);

// Drains a Feed into a file from its own thread, so the runtime never waits on disk.
class JsonLinesWriter {
 public:
  JsonLinesWriter(Feed& feed, FILE* out);
  ~JsonLinesWriter();  // writes what is left, then stops
  uint64_t written() const { return m_written.load(); }

 private:
  void run();
  Feed& m_feed;
  FILE* m_out;
  std::atomic<uint64_t> m_written{0};
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace nano::telemetry
