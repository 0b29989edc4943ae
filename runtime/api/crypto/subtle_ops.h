#pragma once
// The op families of crypto.subtle, one file each; subtle.cc installs them all.
#include "../ops.h"

namespace nano::subtle {

void installKeyOps(OpsBuilder& ops);    // keys.cc: handles, secret keys, spki/pkcs8
void installDigestOps(OpsBuilder& ops); // digest.cc
void installHmacOps(OpsBuilder& ops);   // hmac.cc
void installAesOps(OpsBuilder& ops);    // aes.cc: GCM, CBC, CTR, KW
void installEcOps(OpsBuilder& ops);     // ec.cc: ECDSA, ECDH
void installOkpOps(OpsBuilder& ops);    // okp.cc: Ed25519/Ed448, X25519/X448
void installRsaOps(OpsBuilder& ops);    // rsa.cc: RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP
void installKdfOps(OpsBuilder& ops);    // kdf.cc: HKDF, PBKDF2

}  // namespace nano::subtle
