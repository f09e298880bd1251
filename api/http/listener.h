// The HTTP listener: cpprestsdk's http_listener behind our own Request/Response types
// (http/message.h). It knows nothing of the API: it hands each request to a handler, refuses
// bodies over the limit (413, from Content-Length before the body is read, and from the size
// read for chunked bodies), routes TRACE and OPTIONS to the handler like every other method, and
// turns a handler's exception into a 500. Its own refusals are rendered by the server's Refusal.
//
// Thread-safety: Open and Close are called from one thread; requests run on cpprestsdk's pool.
// Nothing here blocks a pool thread: bodies are read with continuations, replies are sent when
// the handler completes them (possibly from the store's writer thread).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "homeward/base/status.h"
#include "http/message.h"

namespace homeward::api::http {

// Sets cpprestsdk's thread-pool size. Must run before any other cpprestsdk call.
void InitializeThreadPool(size_t threads);

// Handles one request: calls `reply` exactly once, from any thread. May run on many threads at
// once.
using Handler = std::function<void(Request request, Reply reply)>;
// The response for a request the listener refuses itself: INVALID_ARGUMENT for a path or query
// that does not decode or a body that cannot be read, RESOURCE_EXHAUSTED for a body over the
// limit, INTERNAL when the handler threw.
using Refusal = std::function<Response(const Status& why)>;

struct Limits {
  size_t max_body_bytes = size_t{1} << 20;
  // A request's client is the last address of its X-Forwarded-For (what the proxy saw), instead
  // of the connection's peer.
  bool behind_proxy = false;
};

class Listener {
 public:
  // Serves `handler` at http://`host`:`port`/ once opened.
  Listener(std::string host, int port, Handler handler, Refusal refusal, Limits limits);
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
