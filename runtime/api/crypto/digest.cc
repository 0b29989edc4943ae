// SHA-1 / SHA-256 / SHA-384 / SHA-512 digests (WebCrypto §30-31).
#include "../../core/errors.h"
#include "jobs.h"
#include "subtle_ops.h"

namespace nano::subtle {

namespace {

// op_subtle_digest(name, data) -> Promise<ArrayBuffer>
void opDigest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const EVP_MD* md = digestByName(argString(isolate, info[0]));
  if (!md) return throwError(isolate, notSupported("Unrecognized digest algorithm"));
  InputPtr data = readInput(isolate, info[1], "data");
  if (!data) return;
  // Shared by the consumer, which may run on this thread, and the job.
  auto ctx = std::make_shared<MdCtxPtr>(EVP_MD_CTX_new());
  bool ready = *ctx && EVP_DigestInit_ex2(ctx->get(), md, nullptr) == 1;
  if (ready) {
    data->setConsumer([ctx](const uint8_t* in, uint8_t*, size_t n) { return EVP_DigestUpdate(ctx->get(), in, n) == 1; });
  } else {
    ctx.reset();
  }
  std::string setupError = ready ? std::string() : opensslReason("Digest failed");
  bool offThread = data->size() > kInlineLimit;
  info.GetReturnValue().Set(runJob(
      isolate, offThread,
      [md, ctx, data, setupError = std::move(setupError)]() -> JobResult {
        if (!ctx) return operationError(setupError);
        Bytes out(static_cast<size_t>(EVP_MD_get_size(md)));
        out.setPublic();
        unsigned int length = 0;
        if (!data->consume() || EVP_DigestFinal_ex(ctx->get(), out.data(), &length) != 1) {
          return operationError(opensslReason("Digest failed"));
        }
        return JobResult::bytes(std::move(out));
      },
      data));
}

}  // namespace

void installDigestOps(OpsBuilder& ops) { ops.add("op_subtle_digest", opDigest, 2); }

}  // namespace nano::subtle
