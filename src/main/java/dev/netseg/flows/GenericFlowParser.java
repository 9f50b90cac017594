package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one line of the netseg flow format, for any collector that is not Hubble (documented in
 * {@code docs/flows.md}):
 *
 * <pre>{@code
 * {"time": "2024-05-01T10:00:00Z",
 *  "src": {"namespace": "shop", "pod": "web-1", "ip": "10.0.1.5"},
 *  "dst": {"ip": "203.0.113.7", "dnsNames": ["api.example.com"]},
 *  "port": 443, "protocol": "TCP", "verdict": "FORWARDED"}
 * }</pre>
 *
 * <p>{@code time}, {@code src}, {@code dst} and {@code port} are required; {@code protocol}
 * defaults to TCP and {@code verdict} to FORWARDED (both case-insensitive). An endpoint is a pod
 * ({@code namespace} and {@code pod}, optionally its {@code ip}) or an address ({@code ip},
 * optionally {@code dnsNames}). A record describes the initiating side of a connection: the
 * collector must not send replies. Unknown fields are ignored, so collectors may add their own;
 * JSON {@code null} counts as absent. ICMP protocols are skipped; any other protocol, verdict or a
 * malformed value rejects the whole line.
 *
 * <p>Thread-safe.
 */
public final class GenericFlowParser {
  private final StringCache strings = new StringCache(12);
  private final AddressCache addresses;

  public GenericFlowParser() {
    this(new AddressCache());
  }

  GenericFlowParser(AddressCache addresses) {
    this.addresses = addresses;
  }

  public Outcome<FlowRecord> parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /** Parses one line held as UTF-8 in {@code buf[off, off+len)}, without its line terminator. */
  public Outcome<FlowRecord> parse(byte[] buf, int off, int len) {
    return JsonLines.parseLine(buf, off, len, strings, this::readRecord);
  }

  private Outcome<FlowRecord> readRecord(JsonCursor c) {
    Instant time = null;
    FlowEndpoint src = null;
    FlowEndpoint dst = null;
    Integer port = null;
    String protocolText = null;
    String verdictText = null;
    while (c.nextField()) {
      if (c.keyIs("time")) {
        time = c.time("", "time");
      } else if (c.keyIs("src")) {
        src = readEndpoint(c, "src");
      } else if (c.keyIs("dst")) {
        dst = readEndpoint(c, "dst");
      } else if (c.keyIs("port")) {
        port = c.integer("", "port", RejectReason.PORT_OUT_OF_RANGE);
      } else if (c.keyIs("protocol")) {
        protocolText = c.string("", "protocol");
      } else if (c.keyIs("verdict")) {
        verdictText = c.string("", "verdict");
      } else {
        c.skipValue();
      }
    }
    String missing =
        time == null
            ? "time"
            : src == null ? "src" : dst == null ? "dst" : port == null ? "port" : null;
    if (missing != null) {
      return Outcome.rejected(RejectReason.MISSING_FIELD, missing);
    }
    if (port < 1 || port > 65535) {
      return Outcome.rejected(RejectReason.PORT_OUT_OF_RANGE, "port: " + port);
    }
    Protocol protocol = Protocol.TCP;
    if (protocolText != null) {
      Optional<Protocol> parsed = Protocol.parse(protocolText);
      if (parsed.isEmpty()) {
        return protocolText.toUpperCase(Locale.ROOT).startsWith("ICMP")
            ? Outcome.skipped(SkipReason.UNSUPPORTED_PROTOCOL, protocolText)
            : Outcome.rejected(
                RejectReason.BAD_VALUE,
                "protocol: '" + JsonLines.clip(protocolText) + "' is not TCP, UDP or SCTP");
      }
      protocol = parsed.get();
    }
    FlowVerdict verdict = FlowVerdict.FORWARDED;
    if (verdictText != null) {
      verdict = verdict(verdictText);
      if (verdict == null) {
        return Outcome.rejected(
            RejectReason.BAD_VALUE,
            "verdict: '" + JsonLines.clip(verdictText) + "' is not FORWARDED, DROPPED or AUDIT");
      }
    }
    return Outcome.accepted(new FlowRecord(time, src, dst, protocol, port, verdict));
  }

  private static FlowVerdict verdict(String text) {
    for (FlowVerdict v : FlowVerdict.values()) {
      if (v.name().equalsIgnoreCase(text)) {
        return v;
      }
    }
    return null;
  }

  private FlowEndpoint readEndpoint(JsonCursor c, String path) {
    c.object("", path);
    String namespace = null;
    String pod = null;
    String rawIp = null;
    List<String> dnsNames = List.of();
    while (c.nextField()) {
      if (c.keyIs("namespace")) {
        namespace = c.string(path, ".namespace");
      } else if (c.keyIs("pod")) {
        pod = c.string(path, ".pod");
      } else if (c.keyIs("ip")) {
        rawIp = c.string(path, ".ip");
      } else if (c.keyIs("dnsNames")) {
        dnsNames = c.strings(path, ".dnsNames");
      } else {
        c.skipValue();
      }
    }
    String ip = null;
    if (rawIp != null) {
      AddressCache.Parsed parsed = addresses.parse(rawIp);
      if (parsed == null) {
        throw new JsonLines.BadInput(
            RejectReason.BAD_ADDRESS,
            path + ".ip: '" + JsonLines.clip(rawIp) + "' is not an IP address");
      }
      ip = parsed.canonical();
    }
    boolean hasNamespace = namespace != null && !namespace.isEmpty();
    boolean hasPod = pod != null && !pod.isEmpty();
    if (hasNamespace != hasPod) {
      throw new JsonLines.BadInput(
          RejectReason.MISSING_FIELD,
          path + (hasPod ? ".namespace" : ".pod") + " (a pod needs both)");
    }
    if (hasPod) {
      return new FlowEndpoint(
          Optional.of(namespace), Optional.of(pod), Optional.ofNullable(ip), dnsNames);
    }
    if (ip == null) {
      throw new JsonLines.BadInput(RejectReason.MISSING_FIELD, path + ".ip (or namespace and pod)");
    }
    return FlowEndpoint.address(ip, dnsNames);
  }
}
