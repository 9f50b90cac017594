package dev.netseg.flows.relay;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real channels to Relay over grpc-netty-shaded, plaintext or TLS as the configuration says. */
public final class NettyRelayChannels implements RelayChannelFactory {
  private static final long KEEP_ALIVE_TIMEOUT_SECONDS = 20;

  private final RelayConfig config;

  private NettyRelayChannels(RelayConfig config) {
    this.config = config;
  }

  /**
   * Channels for {@code config}.
   *
   * @throws IllegalArgumentException naming the field when a TLS file is missing or unreadable
   */
  public static NettyRelayChannels forConfig(RelayConfig config) {
    config
        .tls()
        .ifPresent(
            tls -> {
              requireReadable("caFile", tls.caFile());
              tls.clientCertFile().ifPresent(f -> requireReadable("clientCertFile", f));
              tls.clientKeyFile().ifPresent(f -> requireReadable("clientKeyFile", f));
            });
    return new NettyRelayChannels(config);
  }

  @Override
  public ManagedChannel open() {
    ChannelCredentials credentials =
        config.tls().isPresent()
            ? tlsCredentials(config.tls().get())
            : InsecureChannelCredentials.create();
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(config.target(), credentials)
            .keepAliveTime(config.keepAlive().toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(KEEP_ALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .userAgent("netseg");
    config.tls().flatMap(RelayConfig.Tls::serverName).ifPresent(builder::overrideAuthority);
    return builder.build();
  }

  private static ChannelCredentials tlsCredentials(RelayConfig.Tls tls) {
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    try {
      builder.trustManager(tls.caFile().toFile());
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(
          new IOException("cannot read relay tls caFile " + tls.caFile() + ": " + e.getMessage()));
    }
    if (tls.clientCertFile().isPresent()) {
      Path cert = tls.clientCertFile().get();
      Path key = tls.clientKeyFile().orElseThrow();
      try {
        builder.keyManager(cert.toFile(), key.toFile());
      } catch (IOException | IllegalArgumentException e) {
        throw new UncheckedIOException(
            new IOException(
                "cannot read relay tls client certificate "
                    + cert
                    + " / key "
                    + key
                    + ": "
                    + e.getMessage()));
      }
    }
    return builder.build();
  }

  private static void requireReadable(String field, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "relay tls " + field + " " + file + " does not exist or is not a readable file");
    }
  }
}
