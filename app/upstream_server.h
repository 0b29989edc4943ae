#pragma once
// UpstreamServer: a tiny HTTP/1.1 origin inside the app, on its own thread, so
// the fetch examples have something local to fan out to (handed to the handler
// as env.UPSTREAM). Answers:
//   GET /delay/MS[?size=BYTES]            a JSON body after MS milliseconds
//   GET /stream?chunks=N&interval=MS&size=BYTES  a chunked body, one chunk every MS
// Anything else: 200 with a short JSON body. Every response closes its connection.
#include <QObject>
#include <QThread>

namespace nano::app {

class UpstreamWorker;

class UpstreamServer : public QObject {
  Q_OBJECT

 public:
  explicit UpstreamServer(QObject* parent = nullptr);
  ~UpstreamServer() override;

  // Listens on 127.0.0.1 (port 0: any free port). Returns the port, 0 on failure.
  int start(int port = 0);
  void stop();
  int port() const { return m_port; }
  QString url() const;
  quint64 requestsServed() const;

 private:
  QThread m_thread;
  UpstreamWorker* m_worker = nullptr;
  int m_port = 0;
};

}  // namespace nano::app
