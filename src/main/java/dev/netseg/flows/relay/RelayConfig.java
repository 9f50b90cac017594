package dev.netseg.flows.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Hubble Relay and what to ask it for. Validated on construction; every message names
 * the offending field so that a user mistake reads as one line, not a stack trace.
 *
 * @param target gRPC target, e.g. {@code hubble-relay.kube-system.svc:80} or {@code
 *     dns:///host:443}
 * @param tls empty for plaintext (Cilium's default for the Relay service)
 * @param namespaces the namespaces in scope: only flows from or to their pods are streamed
 * @param backoffInitial delay before the first reconnect after a failure
 * @param backoffMax cap on the reconnect delay
 * @param backoffJitter fraction in [0, 1) by which each delay is randomly shortened, so that many
 *     clients do not reconnect in lock step
 * @param keepAlive interval of HTTP/2 keepalive pings that detect a dead connection on a quiet
 *     stream; at least 5 minutes by default because Relay (a grpc-go server with the default
 *     enforcement policy) answers more frequent pings on an idle connection with GOAWAY
 * @param startFrom first request's {@code since}: empty streams only flows from now on; {@link
 *     Instant#EPOCH} also replays everything still in Hubble's ring buffers
 */
public record RelayConfig(
    String target,
    Optional<Tls> tls,
    List<String> namespaces,
    Duration backoffInitial,
    Duration backoffMax,
    double backoffJitter,
    Duration keepAlive,
    Optional<Instant> startFrom) {

  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(1);
  public static final double DEFAULT_BACKOFF_JITTER = 0.2;
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(6);

  /** A longer cap would leave a source silently dead for most of a day. */
  public static final Duration MAX_BACKOFF_CAP = Duration.ofHours(1);

  // A Kubernetes namespace name is an RFC 1123 label.
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public RelayConfig {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("relay target must not be blank (e.g. hubble-relay:80)");
    }
    target = target.strip();
    Objects.requireNonNull(tls, "relay tls");
    if (namespaces == null || namespaces.isEmpty()) {
      throw new IllegalArgumentException(
          "relay namespaces must not be empty: list the namespaces whose flows to observe");
    }
    for (String ns : namespaces) {
      if (ns == null || !NAMESPACE.matcher(ns).matches()) {
        throw new IllegalArgumentException(
            "relay namespace '" + ns + "' is not a valid namespace name (RFC 1123 label)");
      }
    }
    namespaces = List.copyOf(new LinkedHashSet<>(namespaces));
    requirePositive("backoffInitial", backoffInitial);
    requirePositive("backoffMax", backoffMax);
    if (backoffMax.compareTo(MAX_BACKOFF_CAP) > 0) {
      throw new IllegalArgumentException(
          "relay backoffMax must be at most " + MAX_BACKOFF_CAP + ", got " + backoffMax);
    }
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(
          "relay backoffMax ("
              + backoffMax
              + ") must not be less than backoffInitial ("
              + backoffInitial
              + ")");
    }
    if (!(backoffJitter >= 0 && backoffJitter < 1)) {
      throw new IllegalArgumentException(
          "relay backoffJitter must be in [0, 1), got " + backoffJitter);
    }
    requirePositive("keepAlive", keepAlive);
    Objects.requireNonNull(startFrom, "relay startFrom");
  }

  /** Plaintext, default backoff and keepalive, streaming from now on. */
  public static RelayConfig of(String target, List<String> namespaces) {
    return new RelayConfig(
        target,
        Optional.empty(),
        namespaces,
        DEFAULT_BACKOFF_INITIAL,
        DEFAULT_BACKOFF_MAX,
        DEFAULT_BACKOFF_JITTER,
        DEFAULT_KEEP_ALIVE,
        Optional.empty());
  }

  public RelayConfig withTls(Tls tls) {
    return new RelayConfig(
        target,
        Optional.of(tls),
        namespaces,
        backoffInitial,
        backoffMax,
        backoffJitter,
        keepAlive,
        startFrom);
  }

  public RelayConfig withBackoff(Duration initial, Duration max, double jitter) {
    return new RelayConfig(target, tls, namespaces, initial, max, jitter, keepAlive, startFrom);
  }

  public RelayConfig withStartFrom(Instant since) {
    return new RelayConfig(
        target,
        tls,
        namespaces,
        backoffInitial,
        backoffMax,
        backoffJitter,
        keepAlive,
        Optional.of(since));
  }

  /** The reconnect schedule this configuration asks for. */
  public Backoff backoff() {
    return new Backoff(backoffInitial, backoffMax, backoffJitter);
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("relay " + field + " must be positive, got " + value);
    }
  }

  /**
   * TLS towards Relay. The files are PEM and are read again on every (re)connect, so certificates
   * rotated on disk (e.g. by cert-manager) are picked up without a restart.
   *
   * @param caFile CA bundle that signed Relay's server certificate
   * @param clientCertFile client certificate for mutual TLS; given together with {@code
   *     clientKeyFile}
   * @param clientKeyFile PKCS#8 private key of the client certificate
   * @param serverName name to verify in Relay's certificate when it differs from the target host
   *     (Cilium issues {@code *.hubble-relay.cilium.io})
   */
  public record Tls(
      Path caFile,
      Optional<Path> clientCertFile,
      Optional<Path> clientKeyFile,
      Optional<String> serverName) {
    public Tls {
      Objects.requireNonNull(caFile, "relay tls caFile must be set");
      Objects.requireNonNull(clientCertFile, "relay tls clientCertFile");
      Objects.requireNonNull(clientKeyFile, "relay tls clientKeyFile");
      Objects.requireNonNull(serverName, "relay tls serverName");
      if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
        throw new IllegalArgumentException(
            "relay tls clientCertFile and clientKeyFile must be given together");
      }
      if (serverName.isPresent() && serverName.get().isBlank()) {
        throw new IllegalArgumentException("relay tls serverName must not be blank when set");
      }
    }

    /** Server authentication only. */
    public static Tls withCa(Path caFile) {
      return new Tls(caFile, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Tls withClientCertificate(Path certFile, Path keyFile) {
      return new Tls(caFile, Optional.of(certFile), Optional.of(keyFile), serverName);
    }

    public Tls withServerName(String name) {
      return new Tls(caFile, clientCertFile, clientKeyFile, Optional.of(name));
    }
  }
}
