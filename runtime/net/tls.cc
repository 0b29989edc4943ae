#include "tls.h"

#include <cstdlib>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace nano {

namespace {

// Names scripts can test for, as Node's TLS errors spell them.
const char* verifyErrorName(long code) {
  switch (code) {
#define NANO_X509_NAME(name) \
  case X509_V_ERR_##name:    \
    return #name;
    NANO_X509_NAME(UNABLE_TO_GET_ISSUER_CERT)
    NANO_X509_NAME(UNABLE_TO_GET_CRL)
    NANO_X509_NAME(UNABLE_TO_DECRYPT_CERT_SIGNATURE)
    NANO_X509_NAME(UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY)
    NANO_X509_NAME(CERT_SIGNATURE_FAILURE)
    NANO_X509_NAME(CERT_NOT_YET_VALID)
    NANO_X509_NAME(CERT_HAS_EXPIRED)
    NANO_X509_NAME(ERROR_IN_CERT_NOT_BEFORE_FIELD)
    NANO_X509_NAME(ERROR_IN_CERT_NOT_AFTER_FIELD)
    NANO_X509_NAME(DEPTH_ZERO_SELF_SIGNED_CERT)
    NANO_X509_NAME(SELF_SIGNED_CERT_IN_CHAIN)
    NANO_X509_NAME(UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
    NANO_X509_NAME(UNABLE_TO_VERIFY_LEAF_SIGNATURE)
    NANO_X509_NAME(CERT_CHAIN_TOO_LONG)
    NANO_X509_NAME(CERT_REVOKED)
    NANO_X509_NAME(INVALID_CA)
    NANO_X509_NAME(PATH_LENGTH_EXCEEDED)
    NANO_X509_NAME(INVALID_PURPOSE)
    NANO_X509_NAME(CERT_UNTRUSTED)
    NANO_X509_NAME(CERT_REJECTED)
    NANO_X509_NAME(HOSTNAME_MISMATCH)
    NANO_X509_NAME(IP_ADDRESS_MISMATCH)
    NANO_X509_NAME(EE_KEY_TOO_SMALL)
    NANO_X509_NAME(CA_KEY_TOO_SMALL)
    NANO_X509_NAME(CA_MD_TOO_WEAK)
#undef NANO_X509_NAME
    default:
      return "CERT_VERIFY_FAILED";
  }
}

std::string opensslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text;
}

bool isIpLiteral(const std::string& host) {
  unsigned char buffer[16];
  return host.find(':') != std::string::npos || inet_pton(AF_INET, host.c_str(), buffer) == 1;
}

}  // namespace

std::unique_ptr<TlsContext> TlsContext::create(std::string* warning) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return nullptr;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_default_verify_paths(ctx);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (const char* extra = std::getenv("NANO_EXTRA_CA_CERTS"); extra && *extra) {
    if (SSL_CTX_load_verify_file(ctx, extra) != 1) {
      *warning = std::string("Warning: Ignoring extra certs from `") + extra +
                 "`, load failed: " + opensslErrors() + "\n";
    }
  }
  ERR_clear_error();
  return std::unique_ptr<TlsContext>(new TlsContext(ctx));
}

TlsContext::~TlsContext() { SSL_CTX_free(m_ctx); }

TlsSession::TlsSession(const TlsContext& context, const std::string& host) {
  m_ssl = SSL_new(context.get());
  m_in = BIO_new(BIO_s_mem());
  m_out = BIO_new(BIO_s_mem());
  // An empty input BIO means "wait for more", not end of stream.
  BIO_set_mem_eof_return(m_in, -1);
  BIO_set_mem_eof_return(m_out, -1);
  SSL_set_bio(m_ssl, m_in, m_out);
  SSL_set_connect_state(m_ssl);
  static const unsigned char kAlpn[] = "\x08http/1.1";
  SSL_set_alpn_protos(m_ssl, kAlpn, sizeof kAlpn - 1);
  // SNI is for names only (RFC 6066); SSL_set1_host checks IP literals as IPs.
  if (!isIpLiteral(host)) SSL_set_tlsext_host_name(m_ssl, host.c_str());
  SSL_set1_host(m_ssl, host.c_str());
}

TlsSession::~TlsSession() { SSL_free(m_ssl); }  // frees both BIOs

void TlsSession::captureError(int sslError) {
  long verify = SSL_get_verify_result(m_ssl);
  if (verify != X509_V_OK) {
    m_error = {verifyErrorName(verify), X509_verify_cert_error_string(verify)};
    ERR_clear_error();
    return;
  }
  unsigned long code = ERR_peek_error();
  if (code) {
    const char* reason = ERR_reason_error_string(code);
    std::string name = "ERR_SSL_";
    for (const char* c = reason ? reason : "unknown"; *c; ++c)
      name += *c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
    m_error = {name, opensslErrors()};
  } else if (sslError == SSL_ERROR_SYSCALL || sslError == SSL_ERROR_ZERO_RETURN) {
    m_error = {"ECONNRESET", "TLS connection closed unexpectedly"};
  } else {
    m_error = {"ERR_SSL", "TLS error " + std::to_string(sslError)};
  }
  ERR_clear_error();
}

TlsSession::Result TlsSession::handshake() {
  if (m_handshakeDone) return Result::Done;
  ERR_clear_error();
  int rc = SSL_do_handshake(m_ssl);
  if (rc == 1) {
    m_handshakeDone = true;
    return Result::Done;
  }
  int error = SSL_get_error(m_ssl, rc);
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Result::WantMore;
  captureError(error);
  return Result::Failed;
}

void TlsSession::feed(const char* data, size_t length) {
  if (length) BIO_write(m_in, data, static_cast<int>(length));
}

TlsSession::Result TlsSession::read(char* out, size_t capacity, size_t* length) {
  *length = 0;
  ERR_clear_error();
  size_t got = 0;
  int rc = SSL_read_ex(m_ssl, out, capacity, &got);
  if (rc == 1) {
    *length = got;
    return Result::Done;
  }
  int error = SSL_get_error(m_ssl, rc);
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Result::WantMore;
  if (error == SSL_ERROR_ZERO_RETURN) return Result::Closed;
  captureError(error);
  return Result::Failed;
}

bool TlsSession::write(const char* data, size_t length) {
  if (!length) return true;
  ERR_clear_error();
  size_t written = 0;
  if (SSL_write_ex(m_ssl, data, length, &written) == 1 && written == length) return true;
  captureError(SSL_get_error(m_ssl, 0));
  return false;
}

bool TlsSession::hasOutput() const { return BIO_ctrl_pending(m_out) > 0; }

std::string TlsSession::takeOutput() {
  std::string out(BIO_ctrl_pending(m_out), '\0');
  if (!out.empty()) {
    int n = BIO_read(m_out, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  }
  return out;
}

bool TlsSession::hasBufferedInput() const {
  return BIO_ctrl_pending(m_in) > 0 || SSL_pending(m_ssl) > 0;
}

}  // namespace nano
