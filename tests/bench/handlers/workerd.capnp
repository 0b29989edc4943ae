# workerd: serves app.mjs. http.py replaces __ADDRESS__ (host:port) in a copy.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .app),
    # The default "internet" service allows public addresses only; the
    # fetch-proxy upstream is on 127.0.0.1.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "__ADDRESS__", http = (), service = "main") ],
);

const app :Workerd.Worker = (
  modules = [ (name = "app.mjs", esModule = embed "app.mjs") ],
  compatibilityDate = "2024-09-23",
  globalOutbound = "net",
);
