package dev.netseg.flows.relay;

import static dev.netseg.flows.relay.TestFlows.at;
import static dev.netseg.flows.relay.TestFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.relay.RelayState.Phase;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real transport: grpc-netty-shaded over loopback TCP, plaintext and mutual TLS. */
class NettyRelayChannelsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SERVER_NAME = "relay.netseg.test";

  @TempDir static Path dir;
  private static Pem server;
  private static Pem client;
  private static Pem stranger;

  private final List<HubbleFlow> received = new CopyOnWriteArrayList<>();
  private final List<RelayState> states = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  /** A certificate and its private key as PEM files. */
  private record Pem(Path cert, Path key) {}

  @BeforeAll
  static void certificates() throws Exception {
    server = selfSigned("server", SERVER_NAME);
    client = selfSigned("client", "netseg-collector");
    stranger = selfSigned("stranger", SERVER_NAME);
  }

  /** keytool makes the key pair and self-signed certificate; Java writes them out as PEM. */
  private static Pem selfSigned(String name, String dnsName) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + dnsName,
                "-ext",
                "SAN=dns:" + dnsName,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, "changeit".toCharArray());
    }
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    Files.writeString(cert, pem("CERTIFICATE", keyStore.getCertificate(name).getEncoded()));
    Files.writeString(
        key, pem("PRIVATE KEY", keyStore.getKey(name, "changeit".toCharArray()).getEncoded()));
    return new Pem(cert, key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private int serve(FakeHubble hubble, ServerCredentials credentials) throws IOException {
    NettyServerBuilder builder =
        credentials == null
            ? NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            : NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials);
    Server started = builder.addService(hubble).build().start();
    cleanup.add(() -> started.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return started.getPort();
  }

  private RelayFlowSource start(RelayConfig config) {
    RelayFlowSource source =
        new RelayFlowSource(
            config,
            NettyRelayChannels.forConfig(config),
            received::add,
            states::add,
            Clock.systemUTC(),
            new GatedSleeper(false),
            new Random(3));
    cleanup.add(source);
    source.start();
    return source;
  }

  private static RelayConfig config(int port) {
    return RelayConfig.of("127.0.0.1:" + port, List.of("shop"))
        .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20), 0);
  }

  private void streamOneFlow(FakeHubble hubble, RelayFlowSource source) {
    await().atMost(WAIT).until(() -> source.state().phase() == Phase.CONNECTED);
    hubble.publish(flow(at(1), "web-1", ""));
    await().atMost(WAIT).until(() -> received.size() == 1);
    assertThat(received.get(0).source().podName()).isEqualTo("web-1");
    assertThat(hubble.requests.get(0).getWhitelistCount()).isEqualTo(2);
  }

  @Test
  void plaintextChannelStreamsFlows() throws Exception {
    FakeHubble hubble = new FakeHubble();
    int port = serve(hubble, null);
    streamOneFlow(hubble, start(config(port)));
  }

  @Test
  void mutualTlsChannelStreamsFlowsVerifyingServerName() throws Exception {
    FakeHubble hubble = new FakeHubble();
    int port =
        serve(
            hubble,
            TlsServerCredentials.newBuilder()
                .keyManager(server.cert().toFile(), server.key().toFile())
                .trustManager(client.cert().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
    RelayConfig.Tls tls =
        RelayConfig.Tls.withCa(server.cert())
            .withClientCertificate(client.cert(), client.key())
            .withServerName(SERVER_NAME);
    streamOneFlow(hubble, start(config(port).withTls(tls)));
  }

  @Test
  void serverSignedByAnotherCaNeverConnects() throws Exception {
    FakeHubble hubble = new FakeHubble();
    int port =
        serve(
            hubble,
            TlsServerCredentials.newBuilder()
                .keyManager(stranger.cert().toFile(), stranger.key().toFile())
                .build());
    RelayFlowSource source =
        start(
            config(port)
                .withTls(RelayConfig.Tls.withCa(server.cert()).withServerName(SERVER_NAME)));

    await()
        .atMost(WAIT)
        .until(() -> states.stream().filter(s -> s.phase() == Phase.DISCONNECTED).count() >= 2);
    source.close();
    assertThat(states).noneMatch(s -> s.phase() == Phase.CONNECTED);
    assertThat(states)
        .filteredOn(s -> s.phase() == Phase.DISCONNECTED)
        .first()
        .satisfies(
            s ->
                assertThat(s.reason().orElseThrow())
                    .startsWith("UNAVAILABLE")
                    .doesNotContain("\n"));
    assertThat(hubble.requests).isEmpty();
  }

  @Test
  void missingTlsFileIsReportedByField() {
    RelayConfig config =
        config(4245)
            .withTls(
                RelayConfig.Tls.withCa(dir.resolve("no-such-ca.crt"))
                    .withClientCertificate(client.cert(), client.key()));
    assertThatThrownBy(() -> NettyRelayChannels.forConfig(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "relay tls caFile "
                + dir.resolve("no-such-ca.crt")
                + " does not exist or is not a readable file");

    RelayConfig noKey =
        config(4245)
            .withTls(
                RelayConfig.Tls.withCa(server.cert())
                    .withClientCertificate(client.cert(), dir.resolve("gone.key")));
    assertThatThrownBy(() -> NettyRelayChannels.forConfig(noKey))
        .hasMessageStartingWith("relay tls clientKeyFile ");
  }

  @Test
  void caFileRemovedAfterStartIsReportedAsConnectionFailure()
      throws IOException, GeneralSecurityException {
    Path ca = dir.resolve("rotating-ca.crt");
    Files.copy(server.cert(), ca);
    RelayConfig config = config(4245).withTls(RelayConfig.Tls.withCa(ca));
    NettyRelayChannels channels = NettyRelayChannels.forConfig(config);
    Files.delete(ca);

    assertThatThrownBy(channels::open).hasMessageContaining("cannot read relay tls caFile " + ca);
  }
}
