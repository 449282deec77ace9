// A webhook sink on 127.0.0.1:port: one epoll thread accepts any number of keep-alive
// connections (bounded), answers every request "200 OK" at once and hands each complete
// request, with its arrival time, to a callback run on the sink thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "http.h"

namespace bench {

class Sink {
 public:
  using Handler = std::function<void(int64_t arrival_ns, const Message& request)>;

  Sink(int port, Handler handler);
  ~Sink();  // stops and joins
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  // Binds and starts the thread; false (with `error`) when the port is taken.
  bool Start(std::string& error);
  void Stop();
  long requests() const { return requests_.load(); }

 private:
  void Run();

  int port_;
  Handler handler_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<long> requests_{0};
  std::thread thread_;
};

}  // namespace bench
