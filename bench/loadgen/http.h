// Minimal HTTP/1.1 over loopback TCP for the load generator: an incremental message
// parser (shared by the client and the webhook sink) and a blocking keep-alive client.
// Only 127.0.0.1 is ever connected to: the address is not configurable beyond the port.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench {

// One parsed HTTP message (request or response).
struct Message {
  std::string start_line;  // "POST /x HTTP/1.1" or "HTTP/1.1 200 OK"
  int status = 0;          // responses only
  bool close = false;      // "Connection: close" seen
  std::string body;        // de-chunked
};

// Parses one complete message from the front of `buf`. Returns the number of bytes it
// used, 0 when `buf` does not hold a whole message yet, or -1 when it is malformed or
// larger than `max_bytes`. With `keep_body` false the body is checked but not copied into
// `out` (a query of 100k alerts reads ~80 MB it has no use for).
long ParseMessage(std::string_view buf, Message& out, size_t max_bytes, bool keep_body = true);

// A keep-alive connection to 127.0.0.1:port. Reconnects transparently when the server
// closed it. Every call is bounded by `timeout`.
class Client {
 public:
  Client(int port, std::chrono::milliseconds timeout);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads the response. Returns the status code, or -1 on a
  // transport error (timeout, refused, reset). `response_body` may be null.
  int Do(std::string_view method, std::string_view path, std::string_view body,
         std::string* response_body, size_t* response_bytes = nullptr);

 private:
  bool Connect();
  void Close();

  int port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buf_;
  std::string req_;
};

// Monotonic nanoseconds.
int64_t NowNs();

}  // namespace bench
