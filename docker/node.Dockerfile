# A node (AuthActors.Node): hosts the user shards whose leases it holds, serves them on the transport port.
# Build from the repository root: docker build -f docker/node.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# The project files first, so the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Messages/AuthActors.Messages.csproj src/Messages/
COPY src/Runtime/AuthActors.Runtime.csproj src/Runtime/
COPY src/Node/AuthActors.Node.csproj src/Node/
RUN dotnet restore src/Node/AuthActors.Node.csproj
COPY hocon/ hocon/
COPY src/Messages/ src/Messages/
COPY src/Runtime/ src/Runtime/
COPY src/Node/ src/Node/
# The project copies hocon/*.conf beside the executable, so the image needs no AUTHACTORS_CONFIG.
RUN dotnet publish src/Node/AuthActors.Node.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The data directory holds generated secrets only when none are configured; with PostgreSQL nothing else.
RUN mkdir -p /var/lib/authactors && chown "$APP_UID" /var/lib/authactors && chmod 700 /var/lib/authactors
ENV AUTHACTORS_DATA=/var/lib/authactors \
    ASPNETCORE_HTTP_PORTS=
# The base image's non-root user.
USER $APP_UID
# cluster.transport.port and node.admin.port (/healthz, /readyz, /metrics). No HEALTHCHECK: the runtime image has no
# HTTP client; let the orchestrator or Prometheus probe /readyz on 8300.
EXPOSE 4300 8300
ENTRYPOINT ["dotnet", "AuthActors.Node.dll"]
