package dev.netseg.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the dataplane tier needs of the machine, checked first so that a machine that cannot run it
 * fails with the reason and the remedy instead of a stack trace from {@code ip}.
 */
final class Preflight {
  static final String REMEDY =
      "run scripts/k8s-test-binaries as root (it installs iptables, ipset and iproute2 and checks"
          + " that network namespaces work), see docs/testing.md";

  private Preflight() {}

  /** The commands the tier runs are installed, and this JVM runs as root. */
  static void check() {
    List<String> missing = new ArrayList<>();
    for (String command : List.of("ip", "iptables", "iptables-save", "iptables-restore", "ipset")) {
      if (HostCommand.attempt(List.of("sh", "-c", "command -v " + command), null).exitCode() != 0) {
        missing.add(command);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the dataplane tier needs " + String.join(", ", missing) + " on PATH; " + REMEDY);
    }
    String uid = HostCommand.run(List.of("id", "-u")).strip();
    if (!uid.equals("0")) {
      throw new IllegalStateException(
          "the dataplane tier needs root (uid 0, this JVM runs as uid "
              + uid
              + "): it creates network namespaces, veth pairs, iptables rules and ipsets inside"
              + " namespaces of its own; "
              + REMEDY);
    }
  }

  /** Runs the first namespace work; a refusal becomes one sentence saying so. */
  static <T> T namespaces(Supplier<T> work) {
    try {
      return work.get();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "this machine forbids what the dataplane tier needs (network namespaces, veth pairs): "
              + e.getMessage()
              + "; "
              + REMEDY,
          e);
    }
  }
}
