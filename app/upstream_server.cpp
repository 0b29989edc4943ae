#include "upstream_server.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>

namespace nano::app {

namespace {
constexpr qsizetype kMaxHead = 64 * 1024;
constexpr int kMaxDelayMs = 60000;
constexpr qint64 kMaxSize = 64ll << 20;
}  // namespace

// Lives on the upstream thread; so do its server and sockets.
class UpstreamWorker : public QObject {
 public:
  int listen(int port) {
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, static_cast<quint16>(port))) return 0;
    connect(m_server, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* socket = m_server->nextPendingConnection()) accept(socket);
    });
    return m_server->serverPort();
  }
  void close() {
    delete m_server;
    m_server = nullptr;
  }
  std::atomic<quint64> served{0};

 private:
  void accept(QTcpSocket* socket) {
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
      QByteArray& buffer = m_buffers[socket];
      buffer += socket->readAll();
      qsizetype end = buffer.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buffer.size() > kMaxHead) socket->abort();
        return;
      }
      // Request bodies (if any) are ignored: the responses do not depend on them.
      QByteArray head = buffer.left(end);
      m_buffers.remove(socket);
      disconnect(socket, &QTcpSocket::readyRead, socket, nullptr);
      respond(socket, head);
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
  }

  void respond(QTcpSocket* socket, const QByteArray& head) {
    ++served;
    QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    QUrl url(QString::fromLatin1(requestLine.value(1, "/")));
    QUrlQuery query(url);
    QString path = url.path();
    qint64 size = std::clamp<qint64>(query.queryItemValue(QStringLiteral("size")).toLongLong(), 0, kMaxSize);
    QPointer<QTcpSocket> guarded(socket);
    if (path.startsWith(QStringLiteral("/stream"))) {
      int chunks = std::clamp(query.queryItemValue(QStringLiteral("chunks")).toInt(), 1, 10000);
      int interval = std::clamp(query.queryItemValue(QStringLiteral("interval")).toInt(), 0, kMaxDelayMs);
      qint64 chunkSize = size > 0 ? size : 1024;
      socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      auto* timer = new QTimer(socket);
      timer->setInterval(interval);
      auto sent = std::make_shared<int>(0);
      connect(timer, &QTimer::timeout, socket, [socket, timer, sent, chunks, chunkSize] {
        QByteArray data(chunkSize, 'x');
        socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
        if (++*sent >= chunks) {
          timer->stop();
          socket->write("0\r\n\r\n");
          socket->disconnectFromHost();
        }
      });
      timer->start();
      return;
    }
    int delay = 0;
    if (path.startsWith(QStringLiteral("/delay/"))) delay = std::clamp(path.mid(7).toInt(), 0, kMaxDelayMs);
    QByteArray body = "{\"path\":\"" + url.path(QUrl::FullyEncoded).toLatin1() + "\",\"delay\":" +
                      QByteArray::number(delay) + ",\"served\":" + QByteArray::number(served.load());
    if (size > body.size() + 12) body += ",\"pad\":\"" + QByteArray(size - body.size() - 10, '.') + "\"";
    body += "}";
    QTimer::singleShot(delay, socket, [guarded, body] {
      if (!guarded) return;
      guarded->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
      guarded->disconnectFromHost();
    });
  }

  QTcpServer* m_server = nullptr;
  QHash<QTcpSocket*, QByteArray> m_buffers;
};

UpstreamServer::UpstreamServer(QObject* parent) : QObject(parent) {
  m_thread.setObjectName(QStringLiteral("upstream"));
}

UpstreamServer::~UpstreamServer() { stop(); }

int UpstreamServer::start(int port) {
  if (m_worker) return m_port;
  m_worker = new UpstreamWorker;
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread.start();
  int bound = 0;
  QMetaObject::invokeMethod(m_worker, [this, port, &bound] { bound = m_worker->listen(port); },
                            Qt::BlockingQueuedConnection);
  m_port = bound;
  if (!bound) stop();
  return bound;
}

void UpstreamServer::stop() {
  if (!m_worker) return;
  QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
  m_thread.quit();
  m_thread.wait();
  m_worker = nullptr;
  m_port = 0;
}

QString UpstreamServer::url() const {
  return m_port ? QStringLiteral("http://127.0.0.1:%1").arg(m_port) : QString();
}

quint64 UpstreamServer::requestsServed() const { return m_worker ? m_worker->served.load() : 0; }

}  // namespace nano::app
