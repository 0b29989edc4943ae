// SHA-1 / SHA-256 / SHA-384 / SHA-512 digests (WebCrypto §30-31).
#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

JobResult digest(const EVP_MD* md, Input& data) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      !data.chunks([&](const uint8_t* p, size_t n) { return EVP_DigestUpdate(ctx.get(), p, n) == 1; })) {
    return operationError(opensslReason("Digest failed"));
  }
  Bytes out(static_cast<size_t>(EVP_MD_get_size(md)));
  out.setPublic();
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1) {
    return operationError(opensslReason("Digest failed"));
  }
  return JobResult::bytes(std::move(out));
}

// op_subtle_digest(name, data) -> Promise<ArrayBuffer>
void opDigest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const EVP_MD* md = digestByName(argString(isolate, info[0]));
  if (!md) return throwError(isolate, notSupported("Unrecognized digest algorithm"));
  InputPtr data = readInput(isolate, info[1], "data");
  if (!data) return;
  bool offThread = data->size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(isolate, offThread, [md, data] { return digest(md, *data); }, data));
}

}  // namespace

void installDigestOps(OpsBuilder& ops) { ops.add("op_subtle_digest", opDigest, 2); }

}  // namespace nano::subtle
