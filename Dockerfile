# Multi-stage build on Debian 12: build with the -dev packages, run with only the runtime
# libraries, as a non-root user, with the SQLite store on a volume.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config libyaml-cpp-dev nlohmann-json3-dev libcpp-httplib-dev \
      libcurl4-openssl-dev libre2-dev libsqlite3-dev libssl-dev doctest-dev ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
    && cmake --build build --target overlord -j"$(nproc)" \
    && strip build/overlord

FROM debian:12-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libyaml-cpp0.7 libcpp-httplib0.11 libcurl4 libre2-9 libsqlite3-0 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 65532 --home-dir /overlord --create-home overlord \
    && mkdir -p /etc/alertmanager /overlord/data && chown -R overlord /overlord
COPY --from=build /src/build/overlord /usr/bin/overlord
COPY examples/overlord.yml /etc/alertmanager/alertmanager.yml
USER overlord
WORKDIR /overlord
VOLUME ["/overlord/data"]
EXPOSE 9093
ENTRYPOINT ["/usr/bin/overlord"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/overlord/data"]
