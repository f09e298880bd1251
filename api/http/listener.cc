#include "http/listener.h"

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "http/gzip.h"

namespace homeward::api::http {
namespace {

namespace web_http = web::http;
using web_http::experimental::listener::http_listener;

// The request as the handler sees it; INVALID_ARGUMENT for a path or query that does not decode
// (bad percent-encoding such as "%zz").
StatusOr<Request> Convert(const web_http::http_request& message, bool behind_proxy) {
  Request request;
  request.method = message.method();
  request.client = message.remote_address();
  try {
    const web::uri& uri = message.relative_uri();
    request.path = web::uri::decode(uri.path());
    for (const auto& [name, value] : web::uri::split_query(uri.query())) {
      request.query[web::uri::decode(name)] = web::uri::decode(value);
    }
  } catch (const std::exception&) {
    return Status::InvalidArgument(
        "the path or query is not well-formed",
        {{"uri", "a percent sign must be followed by two hexadecimal digits"}});
  }
  for (const auto& [name, value] : message.headers()) request.headers[name] = value;
  if (behind_proxy) {
    if (std::optional<std::string> forwarded = request.Header("X-Forwarded-For")) {
      const size_t comma = forwarded->rfind(',');
      std::string last = forwarded->substr(comma == std::string::npos ? 0 : comma + 1);
      last.erase(0, last.find_first_not_of(' '));
      last.erase(last.find_last_not_of(' ') + 1);
      if (!last.empty()) request.client = std::move(last);
    }
  }
  return request;
}

web_http::http_response ToCpprest(Response response, bool gzip_accepted, GzipCache& gzip_cache) {
  web_http::http_response out(static_cast<web_http::status_code>(response.status));
  for (const auto& [name, value] : response.headers) out.headers().add(name, value);
  if (response.status == 204) return out;
  const size_t size = response.shared_body ? response.shared_body->size() : response.body.size();
  if (size >= kGzipMinBytes) out.headers().add("Vary", "Accept-Encoding");
  if (size >= kGzipMinBytes && gzip_accepted) {
    out.headers().add("Content-Encoding", "gzip");
    out.set_body(response.shared_body ? *gzip_cache.Get(response.shared_body) : Gzip(response.body),
                 response.content_type);
  } else {
    out.set_body(response.shared_body ? *response.shared_body : std::move(response.body),
                 response.content_type);
  }
  return out;
}

// The requests taken whose reply has not been sent yet: Close waits for them, so that no reply's
// work is still queued on the pool when the listener (or the process) goes.
struct InFlight {
  std::mutex mu;
  std::condition_variable settled;
  size_t count = 0;

  void Begin() {
    std::lock_guard<std::mutex> lock(mu);
    ++count;
  }
  void End() {
    std::lock_guard<std::mutex> lock(mu);
    if (--count == 0) settled.notify_all();
  }
};

// Sends a reply and observes the outcome (a client gone away is no error of ours), then ends the
// request in `in_flight`.
void Send(web_http::http_request message, web_http::http_response response,
          std::shared_ptr<InFlight> in_flight) {
  message.reply(std::move(response)).then([in_flight](pplx::task<void> sent) {
    try {
      sent.get();
    } catch (const std::exception& e) {
      spdlog::debug("reply not delivered: {}", e.what());
    }
    in_flight->End();
  });
}

}  // namespace

void InitializeThreadPool(size_t threads) {
  crossplat::threadpool::initialize_with_threads(threads);
}

class Listener::Impl {
 public:
  Impl(std::string host, int port, Handler handler, Refusal refusal, Limits limits)
      : url_("http://" + host + ":" + std::to_string(port) + "/"),
        handler_(std::move(handler)),
        refusal_(std::move(refusal)),
        limits_(limits),
        too_large_(TooLarge(limits.max_body_bytes)),
        listener_(web::uri(url_)) {
    auto handle = [this](web_http::http_request message) { Handle(std::move(message)); };
    listener_.support(handle);
    // cpprestsdk answers TRACE (echoing the request) and OPTIONS itself unless they are
    // registered explicitly; hand them to the handler like every other method.
    listener_.support(web_http::methods::TRCE, handle);
    listener_.support(web_http::methods::OPTIONS, handle);
  }

  Status Open() {
    try {
      listener_.open().wait();
    } catch (const std::exception& e) {
      return Status::Unavailable("cannot listen on " + url_ + ": " + e.what());
    }
    return Status::Ok();
  }

  void Close() {
    try {
      listener_.close().wait();
    } catch (const std::exception& e) {
      spdlog::warn("listener close: {}", e.what());
    }
    WaitForReplies();
  }

  ~Impl() { WaitForReplies(); }

 private:
  // Bounded: a handler that never replies must not hold the shutdown.
  void WaitForReplies() {
    std::unique_lock<std::mutex> lock(in_flight_->mu);
    in_flight_->settled.wait_for(lock, std::chrono::seconds(5),
                                 [this] { return in_flight_->count == 0; });
  }

  void Handle(web_http::http_request message) {
    // The reply may come from the store's writer thread: it only completes the event, and
    // the response is sent from a pool thread.
    pplx::task_completion_event<Response> replied;
    std::string accept_encoding;
    message.headers().match("Accept-Encoding", accept_encoding);
    const bool gzip_accepted = AcceptsGzip(accept_encoding);
    in_flight_->Begin();
    pplx::create_task(replied).then([this, message, gzip_accepted](Response response) {
      web_http::http_response out;
      try {
        out = ToCpprest(std::move(response), gzip_accepted, gzip_cache_);
      } catch (const std::exception& e) {  // out of memory while compressing
        spdlog::error("response not converted: {}", e.what());
        out = web_http::http_response(web_http::status_codes::InternalError);
      }
      Send(message, std::move(out), in_flight_);
    });
    Reply reply = [replied](Response response) { replied.set(std::move(response)); };

    StatusOr<Request> converted = Convert(message, limits_.behind_proxy);
    if (!converted.ok()) return reply(refusal_(converted.status()));
    Request request = std::move(converted).value();
    const uint64_t declared = message.headers().content_length();
    if (declared > limits_.max_body_bytes) {
      Response too_large = refusal_(too_large_);
      too_large.headers.emplace_back("Connection", "close");
      spdlog::info("{} body of {} bytes refused: 413", request.method, declared);
      return reply(std::move(too_large));
    }
    if (request.method == "GET" || request.method == "DELETE" || request.method == "TRACE" ||
        request.method == "HEAD" || request.method == "OPTIONS") {
      return Dispatch(std::move(request), std::move(reply));
    }
    auto shared = std::make_shared<Request>(std::move(request));
    message.extract_vector().then(
        [this, shared, reply](pplx::task<std::vector<unsigned char>> body) {
          try {
            std::vector<unsigned char> bytes = body.get();
            if (bytes.size() > limits_.max_body_bytes) return reply(refusal_(too_large_));
            shared->body.assign(bytes.begin(), bytes.end());
          } catch (const std::exception&) {
            return reply(refusal_(Status::InvalidArgument("the request body could not be read")));
          }
          Dispatch(std::move(*shared), reply);
        });
  }

  // Hands the request on; an exception out of the handler becomes a 500 here instead of escaping
  // into a continuation nobody observes (which pplx turns into terminate()). When the handler
  // already replied, the later reply is ignored.
  void Dispatch(Request request, const Reply& reply) {
    const std::string method = request.method;
    const std::string path = request.path;
    try {
      handler_(std::move(request), reply);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: handler threw: {}", method, path, e.what());
      reply(refusal_(Status::Internal("the handler threw")));
    } catch (...) {
      spdlog::error("{} {}: handler threw a non-standard exception", method, path);
      reply(refusal_(Status::Internal("the handler threw")));
    }
  }

  // "the request body is larger than 1 MiB" (or its size in bytes when not whole MiB).
  static Status TooLarge(size_t limit) {
    constexpr size_t kMiB = size_t{1} << 20;
    const std::string size = limit % kMiB == 0 ? std::to_string(limit / kMiB) + " MiB"
                                               : std::to_string(limit) + " bytes";
    return Status::ResourceExhausted("the request body is larger than " + size);
  }

  std::string url_;
  Handler handler_;
  Refusal refusal_;
  Limits limits_;
  Status too_large_;
  http_listener listener_;
  GzipCache gzip_cache_;
  const std::shared_ptr<InFlight> in_flight_ = std::make_shared<InFlight>();
};

Listener::Listener(std::string host, int port, Handler handler, Refusal refusal, Limits limits)
    : impl_(std::make_unique<Impl>(std::move(host), port, std::move(handler), std::move(refusal),
                                   limits)) {}
Listener::~Listener() = default;
Status Listener::Open() {
  return impl_->Open();
}
void Listener::Close() {
  impl_->Close();
}

}  // namespace homeward::api::http
