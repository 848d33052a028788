# llmload in a container: what the pods of `llmload kubernetes` run (docs/kubernetes.md).
#   docker build -t registry.example.com/llmload:0.1.0 .
#   docker run --rm registry.example.com/llmload:0.1.0 run --base-url http://host.docker.internal:8000 --num-requests 100

# Build stage: the SDK restores and publishes the CLI (framework-dependent; the runtime image brings .NET).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# the project files first, so a code change reuses the restored packages' layer
COPY Directory.Build.props Directory.Packages.props ./
COPY build/ build/
COPY src/LlmLoad.Core/LlmLoad.Core.csproj src/LlmLoad.Core/
COPY src/LlmLoad.Simulator/LlmLoad.Simulator.csproj src/LlmLoad.Simulator/
COPY src/LlmLoad.Cli/LlmLoad.Cli.csproj src/LlmLoad.Cli/
RUN dotnet restore src/LlmLoad.Cli/LlmLoad.Cli.csproj
COPY src/ src/
RUN dotnet publish src/LlmLoad.Cli/LlmLoad.Cli.csproj --configuration Release --no-restore --output /app

# Runtime stage: ASP.NET Core's runtime, since the embedded simulator (`serve`, runs without --base-url) is Kestrel.
# It keeps a shell, which the merge Job's wait-for-shards container uses.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV PATH="/app:${PATH}" \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
# the images' unprivileged `app` user (uid 1654, the fsGroup of the manifests' pods); results go to a mounted volume
USER $APP_UID
WORKDIR /home/app
ENTRYPOINT ["llmload"]
CMD ["--help"]
