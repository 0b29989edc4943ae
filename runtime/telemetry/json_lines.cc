#include "json_lines.h"

#include <charconv>
#include <cmath>

namespace nano::telemetry {

namespace {

std::string formatNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end - buffer);
}

class JsonObject {
 public:
  JsonObject() { m_out.reserve(256); m_out += '{'; }

  void raw(std::string_view key, std::string_view json) {
    if (m_out.size() > 1) m_out += ',';
    m_out += '"';
    m_out += key;
    m_out += "\":";
    m_out += json;
  }
  void number(std::string_view key, double value) { raw(key, formatNumber(value)); }
  void integer(std::string_view key, uint64_t value) { raw(key, std::to_string(value)); }
  void boolean(std::string_view key, bool value) { raw(key, value ? "true" : "false"); }
  void optionalId(std::string_view key, const std::optional<Id>& id) {
    id ? integer(key, *id) : raw(key, "null");
  }
  void string(std::string_view key, std::string_view value) { raw(key, quote(value)); }
  template <class Ids>
  void ids(std::string_view key, const Ids& values) {
    std::string list = "[";
    for (Id id : values) {
      if (list.size() > 1) list += ',';
      list += std::to_string(id);
    }
    raw(key, list + "]");
  }
  std::string finish() { return m_out + '}'; }

  static std::string quote(std::string_view value) {
    std::string out = "\"";
    for (unsigned char c : value) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    return out + '"';
  }

 private:
  std::string m_out;
};

void writeFields(JsonObject& json, const FetchOp& f) {
  json.string("method", f.method);
  json.string("url", f.url);
  json.string("phase", toString(f.phase));
  json.integer("status", static_cast<uint64_t>(f.status));
  json.integer("bytesSent", f.bytesSent);
  json.integer("bytesReceived", f.bytesReceived);
  std::string timings = "{";
  for (int i = 0; i < kFetchPhaseCount; ++i) {
    if (f.phaseStart[i] < 0) continue;
    if (timings.size() > 1) timings += ',';
    timings += std::string("\"") + toString(static_cast<FetchPhase>(i)) + "\":" +
               formatNumber(f.phaseStart[i]);
  }
  json.raw("phaseStart", timings + "}");
  if (!f.error.empty()) json.string("error", f.error);
}

void writeFields(JsonObject& json, const StreamInfo& s) {
  json.string("streamKind", toString(s.streamKind));
  json.string("state", s.state);
  json.number("highWaterMark", s.highWaterMark);
  json.integer("queueChunks", s.queueChunks);
  json.integer("queueChunksPeak", s.queueChunksPeak);
  json.number("queueBytes", s.queueBytes);
  json.number("desiredSize", s.desiredSize);
  json.boolean("locked", s.locked);
  json.boolean("backpressure", s.backpressure);
  json.optionalId("teeParent", s.teeParent);
  json.ids("teeBranches", s.teeBranches);
  json.optionalId("pipeTo", s.pipeTo);
  json.optionalId("pipeFrom", s.pipeFrom);
  json.integer("chunksTotal", s.chunksTotal);
  json.number("bytesTotal", s.bytesTotal);
}

void writeFields(JsonObject& json, const PendingPromise& p) {
  json.string("opKind", p.opKind);
  json.number("created", p.created);
  if (p.settled >= 0) json.number("settled", p.settled);
  if (!p.outcome.empty()) json.string("outcome", p.outcome);
}

void writeFields(JsonObject& json, const RequestRecord& r) {
  json.string("app", r.app);
  json.string("method", r.method);
  json.string("path", r.path);
  json.integer("status", static_cast<uint64_t>(r.status));
  json.number("start", r.start);
  if (r.end >= 0) json.number("end", r.end);
  json.integer("arenaPeak", r.arenaPeak);
  json.integer("arrayBufferBytes", r.arrayBufferBytes);
  json.number("heapDelta", static_cast<double>(r.heapDelta));
  json.boolean("heapDeltaApproximate", r.heapDeltaApproximate);
  json.number("cpuTime", r.cpuTime);
  json.integer("promisesCreated", r.promisesCreated);
  json.boolean("promisesCounted", r.promisesCounted);
  json.ids("fetchIds", r.fetchIds);
}

std::optional<Id> requestOf(const Record& record) {
  return std::visit([](const auto& r) -> std::optional<Id> {
    if constexpr (std::is_same_v<std::decay_t<decltype(r)>, RequestRecord>)
      return r.id;
    else
      return r.request;
  }, record);
}

}  // namespace

std::string toJsonLine(const Event& event) {
  JsonObject json;
  json.integer("seq", event.seq);
  json.number("t", event.t);
  json.string("kind", toString(kindOf(event.record)));
  json.string("op", toString(event.op));
  json.integer("id", idOf(event.record));
  json.optionalId("request", requestOf(event.record));
  std::visit([&](const auto& r) { writeFields(json, r); }, event.record);
  return json.finish();
}

JsonLinesWriter::JsonLinesWriter(Feed& feed, FILE* out)
    : m_feed(feed), m_out(out), m_thread([this] { run(); }) {}

JsonLinesWriter::~JsonLinesWriter() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
  std::fflush(m_out);
}

void JsonLinesWriter::run() {
  Feed::ReaderId reader = m_feed.addReader();
  for (;;) {
    bool stopping;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait_for(lock, std::chrono::milliseconds(50), [this] { return m_stop; });
      stopping = m_stop;
    }
    // Drain everything available, then sleep again (or finish).
    for (;;) {
      Feed::Batch batch = m_feed.readNext(reader, 4096);
      if (batch.dropped) {
        std::fprintf(m_out, "{\"kind\":\"dropped\",\"count\":%llu}\n",
                     static_cast<unsigned long long>(batch.dropped));
      }
      for (const EventPtr& event : batch.events) {
        std::string line = toJsonLine(*event);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), m_out);
      }
      m_written += batch.events.size();
      if (batch.events.empty()) break;
    }
    std::fflush(m_out);
    if (stopping) {
      m_feed.removeReader(reader);
      return;
    }
  }
}

}  // namespace nano::telemetry
