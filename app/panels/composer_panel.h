#pragma once
// Request composer: method, path, headers and body sent to the served handler
// with QNetworkAccessManager; shows status, response headers, body and time.
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;

namespace nano::app {

class ComposerPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ComposerPanel(QWidget* parent = nullptr);

  void setBaseUrl(const QUrl& url);
  void setRequest(const QString& method, const QString& path, const QString& headers = {}, const QString& body = {});
  QString responseStatus() const;
  QString responseBody() const;

 public slots:
  void send();

 signals:
  void responseReceived(int status);

 private:
  void onFinished(QNetworkReply* reply);

  QNetworkAccessManager m_network;
  QUrl m_base;
  QComboBox* m_method;
  QLineEdit* m_path;
  QPlainTextEdit* m_headers;
  QPlainTextEdit* m_body;
  QPushButton* m_send;
  QLabel* m_status;
  QPlainTextEdit* m_responseHeaders;
  QPlainTextEdit* m_responseBody;
  QElapsedTimer m_clock;
};

}  // namespace nano::app
