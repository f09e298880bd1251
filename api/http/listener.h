// The HTTP listener: cpprestsdk's http_listener behind our own Request/Response types. It
// refuses bodies over the limit (413, from Content-Length before the body is read, and from the
// size read for chunked bodies), answers TRACE with 405, hands each request to the router, and
// logs one line per request (method, route pattern, status, time; never ids, bodies or keys).
//
// Thread-safety: Open and Close are called from one thread; requests run on cpprestsdk's pool.
// Nothing here blocks a pool thread: bodies are read with continuations, replies are sent when
// the router completes them (possibly from the store's writer thread).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "homeward/base/status.h"
#include "router.h"

namespace homeward::api::http {

// Sets cpprestsdk's thread-pool size. Must run before any other cpprestsdk call.
void InitializeThreadPool(size_t threads);

class Listener {
 public:
  // Serves `router` at http://`host`:`port`/ once opened. `max_body_bytes` is the body limit.
  // With `behind_proxy`, a request's client is the last address of its X-Forwarded-For (what
  // the proxy saw), else the connection's peer.
  Listener(std::string host, int port, const Router& router, size_t max_body_bytes,
           bool behind_proxy = false);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Starts listening; UNAVAILABLE when the address cannot be bound.
  Status Open();
  // Stops accepting requests and waits for the listener to close.
  void Close();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace homeward::api::http
