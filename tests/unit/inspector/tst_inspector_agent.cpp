// Agent without the server: a Runtime on the test thread, a "client" thread
// that posts through the AgentHandle as the Qt thread would, and an Outbound
// that collects what V8 answers.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <QtTest>

#include "agent/agent.h"
#include "runtime_harness.h"

using nano::inspector::Agent;
using nano::inspector::DomainHandler;
using nano::inspector::Outbound;
using nano::inspector::Target;
using nano::test::RuntimeHarness;

namespace {

constexpr auto kWait = std::chrono::seconds(20);

class FakeOutbound final : public Outbound {
 public:
  void send(std::string message) override {
    std::lock_guard lock(m_mutex);
    m_messages.push_back(std::move(message));
    m_changed.notify_all();
  }
  void close() override {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
  }
  // Any thread: the first message containing text (waits for it).
  std::string waitFor(const std::string& text) {
    std::unique_lock lock(m_mutex);
    std::string found;
    m_changed.wait_for(lock, kWait, [&] {
      for (const std::string& message : m_messages)
        if (message.find(text) != std::string::npos) return found = message, true;
      return false;
    });
    return found;
  }
  int count(const std::string& text) {
    std::lock_guard lock(m_mutex);
    int n = 0;
    for (const std::string& message : m_messages) n += message.find(text) != std::string::npos;
    return n;
  }
  bool closed() {
    std::lock_guard lock(m_mutex);
    return m_closed;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<std::string> m_messages;
  bool m_closed = false;
};

std::string call(int id, const std::string& method, const std::string& params = "{}") {
  return "{\"id\":" + std::to_string(id) + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
}

std::string evaluate(int id, const std::string& expression) {
  return call(id, "Runtime.evaluate", "{\"expression\":\"" + expression + "\"}");
}

// A stand-in for our own domains (Network later): answers Nano.ping.
class PingDomain final : public DomainHandler {
 public:
  int ended = 0;
  bool handle(Agent& agent, int sessionId, int callId, std::string_view method,
              v8::Local<v8::Object>) override {
    if (method != "Nano.ping") return false;
    agent.sendToSession(sessionId, "{\"id\":" + std::to_string(callId) + ",\"result\":{\"pong\":true}}");
    return true;
  }
  void sessionEnded(Agent&, int) override { ++ended; }
};

bool hasInternal(RuntimeHarness& h, const char* name) {
  nano::Runtime& runtime = h.runtime();
  v8::HandleScope handles(runtime.isolate());
  v8::Local<v8::Value> value;
  return runtime.internals()
             ->Get(runtime.context(), v8::String::NewFromUtf8(runtime.isolate(), name).ToLocalChecked())
             .ToLocal(&value) &&
         !value->IsUndefined();
}

}  // namespace

class TstInspectorAgent : public QObject {
  Q_OBJECT

 private slots:
  void evaluateWhileTheLoopIdles() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{{}, "test", "file:///test.js"});
    QCOMPARE(agent.target().id.size(), size_t(36));
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    std::thread client([&] {
      // Most likely after the script ran: the uv_async path wakes the idle loop.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      handle->connect(1, out);
      handle->dispatch(1, evaluate(1, "globalThis.answer = 6 * 7"));
    });
    // The interval keeps the loop alive until the evaluation has happened.
    QVERIFY(h.run("const t = setInterval(() => { if (globalThis.answer === 42) clearInterval(t); }, 5);"));
    client.join();
    QVERIFY2(out->waitFor("\"id\":1").find("\"value\":42") != std::string::npos, out->waitFor("\"id\":1").c_str());
  }

  // A script that never yields to the loop still answers: RequestInterrupt.
  void busyScriptGetsMessages() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    std::thread client([&] {
      handle->connect(1, out);
      handle->dispatch(1, evaluate(1, "globalThis.stop = true"));
      if (out->waitFor("\"id\":1").empty()) h.runtime().isolate()->TerminateExecution();
    });
    // No "stop = false" first: the interrupt may well arrive before the first statement.
    QVERIFY(h.run("let spins = 0; while (!globalThis.stop) spins++;"));
    client.join();
    QVERIFY(out->count("\"id\":1") == 1);
  }

  void waitPauseResume() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    std::vector<bool> pauses;
    agent.setPauseListener([&](bool paused) { pauses.push_back(paused); });
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    std::thread client([&] {
      handle->connect(1, out);
      handle->dispatch(1, call(1, "Debugger.enable"));
      handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
      out->waitFor("Debugger.paused");
      handle->dispatch(1, evaluate(3, "globalThis.seen = typeof after"));
      out->waitFor("\"id\":3");
      handle->dispatch(1, call(4, "HeapProfiler.collectGarbage"));
      out->waitFor("\"id\":4");
      handle->dispatch(1, call(5, "Debugger.resume"));
    });
    agent.waitForDebugger();
    QVERIFY(h.run("debugger; globalThis.after = 1; console.log(globalThis.seen, after);"));
    client.join();
    QCOMPARE(h.outText(), QStringLiteral("undefined 1\n"));
    QVERIFY(out->waitFor("\"id\":4").find("\"result\":{}") != std::string::npos);
    QCOMPARE(pauses, (std::vector<bool>{true, false, true, false}));
    QVERIFY(!agent.paused());
  }

  void vanishedClientResumes() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    std::thread client([&] {
      handle->connect(1, out);
      handle->dispatch(1, call(1, "Debugger.enable"));
      handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
      out->waitFor("Debugger.paused");
      handle->disconnect(1);
    });
    agent.waitForDebugger();
    QVERIFY(h.run("debugger; console.log('went on');"));
    client.join();
    QCOMPARE(h.outText(), QStringLiteral("went on\n"));
    QVERIFY(!agent.hasSessions());
  }

  void pauseOnNextStatement() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    std::thread client([&] {
      handle->connect(1, out);
      handle->dispatch(1, call(1, "Debugger.enable"));
      handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
      out->waitFor("Debugger.paused");
      handle->dispatch(1, call(3, "Debugger.resume"));
    });
    agent.waitForDebugger();
    agent.pauseOnNextStatement("Break on start");
    QVERIFY(h.run("globalThis.x = 1;"));
    client.join();
    QVERIFY(out->waitFor("Debugger.paused").find("\"reason\":\"Break on start\"") != std::string::npos);
  }

  void consoleGoesToEverySession() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto first = std::make_shared<FakeOutbound>();
    auto second = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    handle->connect(1, first);
    handle->connect(2, second);
    handle->dispatch(1, call(1, "Runtime.enable"));
    handle->dispatch(2, call(1, "Runtime.enable"));
    handle->dispatch(2, call(2, "Runtime.runIfWaitingForDebugger"));
    agent.waitForDebugger();
    QVERIFY(hasInternal(h, "inspectorConsole"));
    QVERIFY(h.run("console.log('to both', {n: 1})"));
    QCOMPARE(h.outText(), QStringLiteral("to both { n: 1 }\n"));
    for (auto& out : {first, second}) {
      std::string event = out->waitFor("Runtime.consoleAPICalled");
      QVERIFY2(event.find("\"value\":\"to both\"") != std::string::npos, event.c_str());
    }
    handle->disconnect(1);
    handle->disconnect(2);
    QVERIFY(h.run("setTimeout(() => {}, 30)"));  // the loop turns: the disconnects are handled
    QVERIFY(!agent.hasSessions());
    QVERIFY(!hasInternal(h, "inspectorConsole"));
    QVERIFY(h.run("console.log('only stdout')"));
  }

  void uncaughtExceptionsAreReported() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    handle->connect(1, out);
    handle->dispatch(1, call(1, "Runtime.enable"));
    handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
    agent.waitForDebugger();
    QVERIFY(!h.run("throw new RangeError('thrown at top level')"));
    std::string event = out->waitFor("Runtime.exceptionThrown");
    QVERIFY2(event.find("\"text\":\"Uncaught\"") != std::string::npos, event.c_str());
    QVERIFY2(event.find("RangeError: thrown at top level") != std::string::npos, event.c_str());
    QVERIFY(h.errText().contains(QStringLiteral("thrown at top level")));  // still printed
  }

  void unhandledRejectionsAreReported() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    handle->connect(1, out);
    handle->dispatch(1, call(1, "Runtime.enable"));
    handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
    agent.waitForDebugger();
    QVERIFY(!h.run("Promise.reject(new Error('nobody listens'))"));
    std::string event = out->waitFor("Runtime.exceptionThrown");
    QVERIFY2(event.find("Uncaught (in promise)") != std::string::npos, event.c_str());
  }

  void ownDomainsGetUnclaimedMethods() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    PingDomain ping;
    agent.addDomainHandler(&ping);
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    handle->connect(1, out);
    handle->dispatch(1, call(7, "Nano.ping"));
    handle->dispatch(1, call(8, "Nope.nothing"));
    handle->dispatch(1, evaluate(9, "1 + 1"));
    handle->dispatch(1, call(10, "Runtime.runIfWaitingForDebugger"));
    agent.waitForDebugger();
    QCOMPARE(out->waitFor("\"id\":7"), std::string("{\"id\":7,\"result\":{\"pong\":true}}"));
    QVERIFY(out->waitFor("\"id\":8").find("'Nope.nothing' wasn't found") != std::string::npos);
    QVERIFY(out->waitFor("\"id\":9").find("\"value\":2") != std::string::npos);
    handle->disconnect(1);
    QVERIFY(h.run("setTimeout(() => {}, 30)"));
    QCOMPARE(ping.ended, 1);
    agent.removeDomainHandler(&ping);
  }

  // HeapProfiler's allocation tracking samples on the client's repeating timer.
  void repeatingTimerForHeapTracking() {
    RuntimeHarness h;
    Agent agent(h.runtime(), Target{});
    auto out = std::make_shared<FakeOutbound>();
    auto handle = agent.handle();
    handle->connect(1, out);
    handle->dispatch(1, call(1, "HeapProfiler.enable"));
    handle->dispatch(1, call(2, "HeapProfiler.startTrackingHeapObjects"));
    handle->dispatch(1, call(3, "Runtime.runIfWaitingForDebugger"));
    agent.waitForDebugger();
    QVERIFY(h.run(R"(
      const keep = [];
      const t = setInterval(() => keep.push(new Array(1000).fill(keep.length)), 5);
      setTimeout(() => clearInterval(t), 400);
    )"));
    QVERIFY(out->count("HeapProfiler.lastSeenObjectId") > 0);
  }

  void agentGoneLeavesNothing() {
    RuntimeHarness h;
    std::shared_ptr<nano::inspector::AgentHandle> handle;
    auto out = std::make_shared<FakeOutbound>();
    {
      Agent agent(h.runtime(), Target{});
      handle = agent.handle();
      handle->connect(1, out);
      handle->dispatch(1, call(1, "Runtime.enable"));
      handle->dispatch(1, call(2, "Runtime.runIfWaitingForDebugger"));
      agent.waitForDebugger();
      QVERIFY(agent.hasSessions());
    }
    QVERIFY(out->closed());  // the client is told to go
    handle->dispatch(1, evaluate(3, "1"));  // dropped, no crash
    handle->disconnect(1);
    QVERIFY(h.run("setTimeout(() => {}, 10)"));
    QCOMPARE(h.liveHandles(), 0);
    QVERIFY(!hasInternal(h, "inspectorConsole"));
  }
};

QTEST_GUILESS_MAIN(TstInspectorAgent)
#include "tst_inspector_agent.moc"
