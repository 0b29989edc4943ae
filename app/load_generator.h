#pragma once
// LoadGenerator: a few requests a second at the served handler so the panels
// move. Paths cycle through a list (an example can name its own with a
// `// workbench-load: /a /b` line). At most maxInFlight requests are open at
// once: a stuck handler slows the generator down instead of piling up sockets.
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>

namespace nano::app {

class LoadGenerator : public QObject {
  Q_OBJECT

 public:
  explicit LoadGenerator(QObject* parent = nullptr);

  void setTarget(const QUrl& base);
  void setPaths(const QStringList& paths);
  void setRate(double requestsPerSecond);
  double rate() const { return m_rate; }
  void setMaxInFlight(int n) { m_maxInFlight = n; }
  void setRunning(bool running);
  bool isRunning() const { return m_timer.isActive(); }

  quint64 sent() const { return m_sent; }
  quint64 succeeded() const { return m_ok; }
  quint64 failed() const { return m_failed; }
  int inFlight() const { return m_inFlight; }

  // Paths named by a `// workbench-load: /a /b` line in a handler's source.
  static QStringList pathsFromSource(const QString& source);

 signals:
  void runningChanged(bool running);
  void finished(int status, double ms);

 private:
  void fire();

  QNetworkAccessManager m_network;
  QTimer m_timer;
  QUrl m_base;
  QStringList m_paths{QStringLiteral("/")};
  int m_next = 0;
  double m_rate = 5;
  int m_maxInFlight = 16;
  int m_inFlight = 0;
  quint64 m_sent = 0;
  quint64 m_ok = 0;
  quint64 m_failed = 0;
};

}  // namespace nano::app
