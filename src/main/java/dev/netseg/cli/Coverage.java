package dev.netseg.cli;

import dev.netseg.synth.GenerationReport;
import java.io.PrintWriter;

/** How generate and verify print the coverage of the evidence and the Services without a client. */
final class Coverage {
  private Coverage() {}

  /**
   * {@code coverage: 6 of 7 Services have a known client; 13 flows only from manifests, 1 also
   * observed, 1 only observed}, then the Services without a client, one a line.
   *
   * @param flowsGiven whether observed flows were given (else there is nothing to agree with)
   */
  static void print(PrintWriter w, GenerationReport.Coverage c, boolean flowsGiven) {
    w.printf(
        "coverage: %d of %d Services have a known client; %s%n",
        c.servicesWithClient(),
        c.services(),
        flowsGiven
            ? "%d flows only from manifests, %d also observed, %d only observed"
                .formatted(c.manifestOnly(), c.manifestAndObserved(), c.observedOnly())
            : c.manifestOnly() + " flows from manifests, none checked against observed flows");
    if (!c.servicesWithoutClient().isEmpty()) {
      w.println(withoutClient(c));
      c.servicesWithoutClient().forEach(s -> w.println("  " + s));
    }
  }

  /**
   * {@code 3 Services have no known client: addresses may be in code; add flows or declarations}.
   */
  static String withoutClient(GenerationReport.Coverage c) {
    int n = c.servicesWithoutClient().size();
    return n
        + (n == 1 ? " Service has" : " Services have")
        + " no known client: addresses may be in code; add flows or declarations";
  }
}
