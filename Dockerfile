# Rolecall: a static binary on distroless, running as a non-root user.
# Build: docker build -t rolecall .
# Run:   docker run --rm -e SLACK_APP_TOKEN -e SLACK_BOT_TOKEN -e REDIS_URL -p 8080:8080 rolecall
# HTTP:  docker run --rm -e SLACK_SIGNING_SECRET -e SLACK_BOT_TOKEN -e REDIS_URL -p 3000:3000 -p 8080:8080 rolecall run --http

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /bot
USER nonroot:nonroot
EXPOSE 8080 3000
ENV HTTP_ADDR=:8080
ENTRYPOINT ["/bot"]
