# ganfilter in a container, for the Kubernetes Job in the README (and any batch system that runs images).
#
#   docker build -t REGISTRY/ganfilter:0.1.0 .
#   docker push REGISTRY/ganfilter:0.1.0
#
# Not built by .ci/run: CI reaches no image registry. The build stage is any public Swift 6 image (SWIFT_IMAGE);
# the binary is linked against the Swift runtime statically, so the run stage needs only libpng and zlib.
ARG SWIFT_IMAGE=swift:6.0-noble
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpng-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product ganfilter --static-swift-stdlib \
    && install -D -m 755 .build/release/ganfilter /out/ganfilter

FROM ubuntu:24.04
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpng16-16t64 zlib1g libstdc++6 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ganfilter /usr/local/bin/ganfilter
ENTRYPOINT ["ganfilter"]
