package dev.netseg.infer;

import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed entry of the declaration syntax (see {@link DeclarationSyntax} and {@code
 * docs/declarations.md}): a target (a Service or workload name, a CIDR, or a special target such as
 * the API server), an optional port (number or name) and an optional protocol.
 *
 * @param text the entry as written, for messages and provenance
 */
public record AllowEntry(
    Target target, Optional<PortRef> port, Optional<Protocol> protocol, String text) {

  public AllowEntry {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(text, "text");
  }

  /** What an entry points at. */
  public sealed interface Target {
    /**
     * A Service, or failing that a workload, by name; the namespace defaults to the one of the
     * object that carries the entry.
     */
    record Named(Optional<String> namespace, String name) implements Target {
      public Named {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
      }
    }

    /** An address range outside the pod network (a single address is a /32 or /128). */
    record Cidr(IPAddress block) implements Target {
      public Cidr {
        Objects.requireNonNull(block, "block");
      }
    }

    /** The Kubernetes API server: its endpoint addresses and port, whatever they are. */
    record ApiServer() implements Target {}
  }

  /** A port by number or by name. */
  public sealed interface PortRef {
    /** A port number, 1-65535. */
    record Number(int value) implements PortRef {}

    /** A port name (IANA_SVC_NAME), resolved on the Service or the destination's containers. */
    record Name(String value) implements PortRef {
      public Name {
        Objects.requireNonNull(value, "value");
      }
    }
  }
}
