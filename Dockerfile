# AlignLab gateway image: `alignlab serve` as a non-root user, friendly to a read-only root file system.
#   docker build -t alignlab .
#   docker run --rm -p 8080:8080 -e ALIGNLAB_API_KEY=... -v alignlab-data:/data alignlab
# Mount a gateway file at /etc/alignlab/gateway.yaml (see deploy/k8s/configmap.yaml) to configure policies,
# keys (hashed), the upstream model and the audit store.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/AlignLab.Cli/AlignLab.Cli.csproj -c Release -o /app --no-self-contained -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
COPY examples/gateway.yaml examples/default_constitution.yaml /etc/alignlab/
# The image's built-in unprivileged user; /data holds the SQLite audit and review databases.
RUN mkdir -p /data && chown 1654:1654 /data
USER 1654
# ALIGNLAB_HOME: where AlignLab keeps state that no path option names (the volume below).
# DOTNET_GCgen0size: a 64 MB gen0 budget (hex) instead of a few MB, so a gateway under load collects gen0 a few dozen
# times a minute rather than hundreds. The runtime reads it only from the environment: System.GC.Gen0Size or GCgen0size
# in runtimeconfig.json have no effect in .NET 10 (docs/PERFORMANCE.md, gateway load).
ENV ALIGNLAB_HOME=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x4000000 \
    TMPDIR=/tmp
VOLUME ["/data"]
EXPOSE 8080
# The command is fixed; its options are the default arguments, which 'docker run IMAGE …' or a Kubernetes 'args:'
# replace (deploy/k8s/deployment.yaml gives the same --config).
ENTRYPOINT ["dotnet", "AlignLab.Cli.dll", "serve"]
CMD ["--config", "/etc/alignlab/gateway.yaml"]
