# The gateway (AuthActors.Gateway): the login port, the session port and the HTTP API.
# Build from the repository root: docker build -f docker/gateway.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# The project files first, so the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Messages/AuthActors.Messages.csproj src/Messages/
COPY src/Runtime/AuthActors.Runtime.csproj src/Runtime/
COPY src/Node/AuthActors.Node.csproj src/Node/
COPY src/Gateway/AuthActors.Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/AuthActors.Gateway.csproj
COPY hocon/ hocon/
COPY src/Messages/ src/Messages/
COPY src/Runtime/ src/Runtime/
COPY src/Node/ src/Node/
COPY src/Gateway/ src/Gateway/
# The project copies hocon/*.conf beside the executable, so the image needs no AUTHACTORS_CONFIG.
RUN dotnet publish src/Gateway/AuthActors.Gateway.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The data directory holds generated secrets only when none are configured; with PostgreSQL nothing else.
RUN mkdir -p /var/lib/authactors && chown "$APP_UID" /var/lib/authactors && chmod 700 /var/lib/authactors
ENV AUTHACTORS_DATA=/var/lib/authactors \
    ASPNETCORE_HTTP_PORTS=
# The base image's non-root user.
USER $APP_UID
# gateway.tcp.port, gateway.session.port, gateway.http.port. No HEALTHCHECK: the runtime image has no HTTP client; probe
# /readyz on 8080 from the orchestrator.
EXPOSE 4224 4225 8080
ENTRYPOINT ["dotnet", "AuthActors.Gateway.dll"]
