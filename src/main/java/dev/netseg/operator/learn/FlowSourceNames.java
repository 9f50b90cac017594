package dev.netseg.operator.learn;

/**
 * The names of the flow sources: how profiles name them in {@code spec.learning.flowSources}, how
 * {@code --flow-ingest-port} and {@code --hubble-relay} configure them, and the {@code source}
 * label of their metrics.
 */
public final class FlowSourceNames {
  /** Records posted to the operator's {@code POST /api/v1/flows}. */
  public static final String HTTP = "http";

  /** Flows followed from Hubble Relay. */
  public static final String HUBBLE_RELAY = "hubble-relay";

  private FlowSourceNames() {}
}
