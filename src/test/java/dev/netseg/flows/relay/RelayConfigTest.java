package dev.netseg.flows.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayConfigTest {
  private static final List<String> NS = List.of("shop");
  private static final Duration S1 = Duration.ofSeconds(1);

  private static RelayConfig config(
      String target, List<String> namespaces, Duration initial, Duration max, double jitter) {
    return new RelayConfig(
        target,
        Optional.empty(),
        namespaces,
        initial,
        max,
        jitter,
        RelayConfig.DEFAULT_KEEP_ALIVE,
        Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rejectsBadConfigurationNamingTheField(String name, Supplier<Object> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  static Stream<Arguments> rejectsBadConfigurationNamingTheField() {
    return Stream.of(
        Arguments.of(
            "blank target",
            (Supplier<Object>) () -> RelayConfig.of("  ", NS),
            "relay target must not be blank (e.g. hubble-relay:80)"),
        Arguments.of(
            "no namespaces",
            (Supplier<Object>) () -> RelayConfig.of("relay:80", List.of()),
            "relay namespaces must not be empty: list the namespaces whose flows to observe"),
        Arguments.of(
            "upper-case namespace",
            (Supplier<Object>) () -> RelayConfig.of("relay:80", List.of("shop", "Payments")),
            "relay namespace 'Payments' is not a valid namespace name (RFC 1123 label)"),
        Arguments.of(
            "namespace with slash",
            (Supplier<Object>) () -> RelayConfig.of("relay:80", List.of("shop/")),
            "relay namespace 'shop/' is not a valid namespace name (RFC 1123 label)"),
        Arguments.of(
            "null namespace",
            (Supplier<Object>) () -> RelayConfig.of("relay:80", Arrays.asList("shop", null)),
            "relay namespace 'null' is not a valid namespace name (RFC 1123 label)"),
        Arguments.of(
            "zero initial backoff",
            (Supplier<Object>) () -> config("relay:80", NS, Duration.ZERO, S1, 0),
            "relay backoffInitial must be positive, got PT0S"),
        Arguments.of(
            "max below initial",
            (Supplier<Object>)
                () -> config("relay:80", NS, Duration.ofSeconds(5), Duration.ofSeconds(2), 0),
            "relay backoffMax (PT2S) must not be less than backoffInitial (PT5S)"),
        Arguments.of(
            "max above an hour",
            (Supplier<Object>) () -> config("relay:80", NS, S1, Duration.ofHours(2), 0),
            "relay backoffMax must be at most PT1H, got PT2H"),
        Arguments.of(
            "jitter of one",
            (Supplier<Object>) () -> config("relay:80", NS, S1, S1, 1.0),
            "relay backoffJitter must be in [0, 1), got 1.0"),
        Arguments.of(
            "jitter NaN",
            (Supplier<Object>) () -> config("relay:80", NS, S1, S1, Double.NaN),
            "relay backoffJitter must be in [0, 1), got NaN"),
        Arguments.of(
            "client cert without key",
            (Supplier<Object>)
                () ->
                    new RelayConfig.Tls(
                        Path.of("ca.crt"),
                        Optional.of(Path.of("tls.crt")),
                        Optional.empty(),
                        Optional.empty()),
            "relay tls clientCertFile and clientKeyFile must be given together"),
        Arguments.of(
            "blank server name",
            (Supplier<Object>) () -> RelayConfig.Tls.withCa(Path.of("ca.crt")).withServerName(" "),
            "relay tls serverName must not be blank when set"));
  }

  @Test
  void defaultsAndNormalisation() {
    RelayConfig config =
        RelayConfig.of(" hubble-relay.kube-system.svc:80 ", List.of("a", "b", "a"));
    assertThat(config.target()).isEqualTo("hubble-relay.kube-system.svc:80");
    assertThat(config.namespaces()).containsExactly("a", "b");
    assertThat(config.tls()).isEmpty();
    assertThat(config.startFrom()).isEmpty();
    assertThat(config.backoff())
        .isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2));
    assertThat(config.keepAlive()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void withersKeepTheOtherFields() {
    RelayConfig.Tls tls =
        RelayConfig.Tls.withCa(Path.of("ca.crt"))
            .withClientCertificate(Path.of("tls.crt"), Path.of("tls.key"))
            .withServerName("*.hubble-relay.cilium.io");
    RelayConfig config =
        RelayConfig.of("relay:443", NS)
            .withTls(tls)
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20), 0.5)
            .withStartFrom(Instant.EPOCH);
    assertThat(config.tls()).hasValue(tls);
    assertThat(config.backoff())
        .isEqualTo(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 0.5));
    assertThat(config.startFrom()).hasValue(Instant.EPOCH);
    assertThat(config.namespaces()).isEqualTo(NS);
    assertThat(tls.serverName()).hasValue("*.hubble-relay.cilium.io");
  }
}
