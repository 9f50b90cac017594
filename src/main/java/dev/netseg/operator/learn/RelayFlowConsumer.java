package dev.netseg.operator.learn;

import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowRecord;
import dev.netseg.flows.FutureTimeLimit;
import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.HubbleFlowInterpreter;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.Outcome;
import dev.netseg.flows.relay.RelayFlowSource;
import dev.netseg.flows.relay.RelayState;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The consumer a {@link RelayFlowSource} feeds: each flow goes through the {@link
 * HubbleFlowInterpreter} (initiating side only, drops and audits kept apart; flows dated more than
 * the skew ahead of the operator's clock rejected, see {@link FutureTimeLimit}) and then to the
 * learner. Its {@link #onState} maps the relay's connection state to the source's health: the
 * source is available only while the stream is CONNECTED; while DISCONNECTED it is unavailable with
 * the gRPC reason, so the reconciler does not tighten policies on a partial view.
 */
public final class RelayFlowConsumer implements Consumer<HubbleFlow> {
  private static final String SOURCE = FlowSourceNames.HUBBLE_RELAY;

  private final HubbleFlowInterpreter interpreter = new HubbleFlowInterpreter();
  private final FutureTimeLimit futureTime;
  private final Clock clock;
  private final FlowLearner learner;
  private final IngestCounter counter;
  private final IngestMetrics metrics;
  private final SourceHealth health;

  RelayFlowConsumer(
      FlowLearner learner,
      IngestCounter counter,
      IngestMetrics metrics,
      SourceHealth health,
      FutureTimeLimit futureTime,
      Clock clock) {
    this.futureTime = Objects.requireNonNull(futureTime, "futureTime");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.learner = Objects.requireNonNull(learner, "learner");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public void accept(HubbleFlow flow) {
    Outcome<FlowRecord> outcome = futureTime.check(interpreter.interpret(flow), clock.instant());
    counter.count(outcome, flow::toString);
    if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
      learner.accept(a.value());
      metrics.flowRecordsIngested(SOURCE, 1);
    } else if (outcome instanceof Outcome.Rejected<FlowRecord> r) {
      metrics.flowRecordsRejected(SOURCE, r.reason().name(), 1);
    }
  }

  /** The state listener to give {@link RelayFlowSource}. */
  public void onState(RelayState state) {
    switch (state.phase()) {
      case CONNECTED -> health.available(SOURCE);
      case DISCONNECTED -> health.unavailable(SOURCE, "disconnected: " + state.reason().orElse(""));
      case CONNECTING -> {
        // A reconnect keeps the reason it is reconnecting for; only the first attempt says so.
        SourceHealth.State reported = health.reported(SOURCE);
        if (reported.available() || reported.reason().equals("not started")) {
          health.unavailable(SOURCE, "connecting");
        }
      }
      case NEW -> health.unavailable(SOURCE, "not started");
      case STOPPED -> health.unavailable(SOURCE, "stopped");
    }
  }
}
