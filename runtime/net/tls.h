#pragma once
// TLS for the fetch client: OpenSSL driven through memory BIOs, so the bytes
// move on the runtime's uv loop like any other socket data.
#include <memory>
#include <string>

#include "http_client_common.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;

namespace nano {

// Client settings shared by every connection of a runtime: TLS 1.2+, the
// system trust store plus NANO_EXTRA_CA_CERTS, ALPN http/1.1.
class TlsContext {
 public:
  // *warning receives a message when NANO_EXTRA_CA_CERTS could not be loaded.
  static std::unique_ptr<TlsContext> create(std::string* warning);
  ~TlsContext();
  SSL_CTX* get() const { return m_ctx; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : m_ctx(ctx) {}
  SSL_CTX* m_ctx;
};

// One client session: ciphertext in through feed(), plaintext out through
// read(); what OpenSSL wants sent collects in takeOutput().
class TlsSession {
 public:
  TlsSession(const TlsContext& context, const std::string& host);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  enum class Result { Done, WantMore, Closed, Failed };

  Result handshake();
  void feed(const char* data, size_t length);
  // Up to capacity plaintext bytes into out (*length set). Done when bytes
  // were read, WantMore when it needs ciphertext, Closed on close_notify.
  Result read(char* out, size_t capacity, size_t* length);
  bool write(const char* data, size_t length);
  bool hasOutput() const;
  std::string takeOutput();
  // Ciphertext fed but not yet turned into plaintext, or plaintext buffered.
  bool hasBufferedInput() const;
  bool handshakeDone() const { return m_handshakeDone; }
  // Set when a call returned Failed: certificate errors carry the X509 name
  // (HOSTNAME_MISMATCH, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, ...).
  const NetError& error() const { return m_error; }

 private:
  void captureError(int sslError);

  SSL* m_ssl = nullptr;
  BIO* m_in = nullptr;   // ciphertext from the socket
  BIO* m_out = nullptr;  // ciphertext for the socket
  bool m_handshakeDone = false;
  NetError m_error;
};

}  // namespace nano
