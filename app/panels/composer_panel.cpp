#include "composer_panel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "delegates/format.h"

namespace nano::app {

namespace {
constexpr qint64 kShownBodyBytes = 1 << 20;  // larger bodies are cut in the view (the size is shown)
}

ComposerPanel::ComposerPanel(QWidget* parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_path(new QLineEdit(QStringLiteral("/"), this)),
      m_headers(new QPlainTextEdit(this)), m_body(new QPlainTextEdit(this)), m_send(new QPushButton(tr("Send"), this)),
      m_status(new QLabel(tr("No response yet"), this)), m_responseHeaders(new QPlainTextEdit(this)),
      m_responseBody(new QPlainTextEdit(this)) {
  m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
                      QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
  m_method->setEditable(true);
  QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  for (QPlainTextEdit* edit : {m_headers, m_body, m_responseHeaders, m_responseBody}) edit->setFont(fixed);
  m_headers->setPlaceholderText(QStringLiteral("content-type: application/json\nx-trace: 1"));
  m_body->setPlaceholderText(tr("Request body (sent for methods other than GET and HEAD)"));
  m_responseHeaders->setReadOnly(true);
  m_responseBody->setReadOnly(true);
  m_send->setDefault(true);
  connect(m_send, &QPushButton::clicked, this, &ComposerPanel::send);
  connect(m_path, &QLineEdit::returnPressed, this, &ComposerPanel::send);

  auto* line = new QHBoxLayout;
  line->addWidget(m_method);
  line->addWidget(m_path, 1);
  line->addWidget(m_send);
  auto* request = new QWidget(this);
  auto* form = new QFormLayout(request);
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(line);
  form->addRow(tr("Headers"), m_headers);
  form->addRow(tr("Body"), m_body);
  auto* response = new QWidget(this);
  auto* responseLayout = new QVBoxLayout(response);
  responseLayout->setContentsMargins(0, 0, 0, 0);
  responseLayout->addWidget(m_status);
  auto* responseSplit = new QSplitter(Qt::Vertical, response);
  responseSplit->addWidget(m_responseHeaders);
  responseSplit->addWidget(m_responseBody);
  responseSplit->setStretchFactor(1, 2);
  responseLayout->addWidget(responseSplit, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(request);
  split->addWidget(response);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split);
  connect(&m_network, &QNetworkAccessManager::finished, this, &ComposerPanel::onFinished);
}

void ComposerPanel::setBaseUrl(const QUrl& url) {
  m_base = url;
  m_send->setEnabled(url.isValid());
  m_send->setToolTip(url.isValid() ? url.toString() : tr("The handler is not being served"));
}

void ComposerPanel::setRequest(const QString& method, const QString& path, const QString& headers, const QString& body) {
  m_method->setCurrentText(method);
  m_path->setText(path);
  m_headers->setPlainText(headers);
  m_body->setPlainText(body);
}

QString ComposerPanel::responseStatus() const { return m_status->text(); }
QString ComposerPanel::responseBody() const { return m_responseBody->toPlainText(); }

void ComposerPanel::send() {
  if (!m_base.isValid()) {
    m_status->setText(tr("The handler is not being served"));
    return;
  }
  QString path = m_path->text().trimmed();
  if (!path.startsWith(QLatin1Char('/'))) path.prepend(QLatin1Char('/'));
  QNetworkRequest request(m_base.resolved(QUrl(path)));
  request.setTransferTimeout(60000);
  const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  for (const QString& headerLine : lines) {
    qsizetype colon = headerLine.indexOf(QLatin1Char(':'));
    if (colon <= 0) continue;
    request.setRawHeader(headerLine.left(colon).trimmed().toLatin1(), headerLine.mid(colon + 1).trimmed().toUtf8());
  }
  QString method = m_method->currentText().trimmed().toUpper();
  QByteArray body = m_body->toPlainText().toUtf8();
  bool withBody = method != QLatin1String("GET") && method != QLatin1String("HEAD");
  m_status->setText(tr("Sending %1 %2…").arg(method, request.url().toString()));
  m_responseHeaders->clear();
  m_responseBody->clear();
  m_clock.start();
  m_network.sendCustomRequest(request, method.toLatin1(), withBody ? body : QByteArray());
}

void ComposerPanel::onFinished(QNetworkReply* reply) {
  reply->deleteLater();
  double ms = static_cast<double>(m_clock.nsecsElapsed()) / 1e6;
  int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  QByteArray body = reply->readAll();
  if (status == 0) {
    m_status->setText(tr("Failed after %1: %2").arg(formatMillis(ms), reply->errorString()));
  } else {
    m_status->setText(tr("%1 %2 · %3 · %4")
                          .arg(status)
                          .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                               formatBytes(static_cast<double>(body.size())), formatMillis(ms)));
  }
  QStringList headers;
  for (const auto& [name, value] : reply->rawHeaderPairs())
    headers << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value);
  m_responseHeaders->setPlainText(headers.join(QLatin1Char('\n')));
  m_responseBody->setPlainText(QString::fromUtf8(body.left(kShownBodyBytes)) +
                               (body.size() > kShownBodyBytes ? tr("\n… (%1 more bytes)").arg(body.size() - kShownBodyBytes) : QString()));
  emit responseReceived(status);
}

}  // namespace nano::app
