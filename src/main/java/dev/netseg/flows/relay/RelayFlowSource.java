package dev.netseg.flows.relay;

import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.relay.RelayState.Phase;
import dev.netseg.flows.relay.proto.Flow;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live flow source: streams {@code Observer.GetFlows} from Hubble Relay in follow mode,
 * restricted to the configured namespaces, and hands each flow to a consumer as a {@link
 * HubbleFlow}.
 *
 * <p>One daemon thread ({@link #start()}) does everything: it opens a stream, delivers flows to the
 * consumer in the order Relay sent them (so the consumer needs no locking of its own against this
 * source), and when the stream fails or ends it waits out an exponential backoff and reconnects
 * from the newest flow time seen. Flows that Relay sends again at exactly that time are dropped
 * (see {@link ResumeWindow}), so each flow reaches the consumer at most once. Flow control is
 * end-to-end: the next message is requested only after the consumer returned, so a slow consumer
 * slows Relay down instead of filling memory.
 *
 * <p>{@link #close()} cancels the stream, wakes a backoff sleep, and waits briefly for the thread
 * to end; the final state is {@link Phase#STOPPED}. The consumer thread is never interrupted.
 */
public final class RelayFlowSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayFlowSource.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final Duration CHANNEL_SHUTDOWN_WAIT = Duration.ofSeconds(1);

  private final RelayConfig config;
  private final RelayChannelFactory channels;
  private final Consumer<HubbleFlow> consumer;
  private final Consumer<RelayState> stateListener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Random random;
  private final Backoff backoff;
  private final GetFlowsRequests requests;
  private final ProtoFlowMapper mapper = new ProtoFlowMapper();

  private final Object lock = new Object();
  // Guarded by lock.
  private boolean started;
  private boolean closed;
  private boolean sleeping;
  private Thread worker;
  private Context.CancellableContext activeCall;

  // Touched only by the worker thread.
  private final ResumeWindow resume;

  private volatile RelayState state;
  private volatile Instant lastSeen;
  private final AtomicLong flowsReceived = new AtomicLong();
  private final AtomicLong duplicatesSkipped = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong eventsLost = new AtomicLong();
  private final AtomicLong consumerFailures = new AtomicLong();

  /**
   * A source with every collaborator injected (tests pass an in-process channel factory, a fixed
   * clock, a recording sleeper and a seeded random).
   *
   * @param consumer receives each flow, on the source's thread
   * @param stateListener receives each state change, on the thread that caused it
   */
  public RelayFlowSource(
      RelayConfig config,
      RelayChannelFactory channels,
      Consumer<HubbleFlow> consumer,
      Consumer<RelayState> stateListener,
      Clock clock,
      Sleeper sleeper,
      Random random) {
    this.config = Objects.requireNonNull(config, "config");
    this.channels = Objects.requireNonNull(channels, "channels");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.stateListener = Objects.requireNonNull(stateListener, "stateListener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.backoff = config.backoff();
    this.requests = new GetFlowsRequests(config.namespaces());
    this.resume = new ResumeWindow(config.startFrom());
    this.lastSeen = config.startFrom().orElse(null);
    this.state = RelayState.of(Phase.NEW, clock.instant());
  }

  /**
   * A source for real use: netty channels (plaintext or TLS per {@code config}), the system clock,
   * real sleeps.
   *
   * @throws IllegalArgumentException when a TLS file of {@code config} is missing or unreadable
   */
  public static RelayFlowSource create(
      RelayConfig config, Consumer<HubbleFlow> consumer, Consumer<RelayState> stateListener) {
    return new RelayFlowSource(
        config,
        NettyRelayChannels.forConfig(config),
        consumer,
        stateListener,
        Clock.systemUTC(),
        Sleeper.system(),
        new Random());
  }

  /**
   * Starts streaming on a daemon thread named {@code netseg-relay-<target>}.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("relay flow source for " + config.target() + " is closed");
      }
      if (started) {
        throw new IllegalStateException(
            "relay flow source for " + config.target() + " is already started");
      }
      started = true;
      worker = new Thread(this::run, "netseg-relay-" + config.target());
      worker.setDaemon(true);
      worker.start();
    }
  }

  /** The current connection state. */
  public RelayState state() {
    return state;
  }

  /** The counters, read now. */
  public RelayStats stats() {
    return new RelayStats(
        flowsReceived.get(),
        duplicatesSkipped.get(),
        reconnects.get(),
        eventsLost.get(),
        consumerFailures.get(),
        Optional.ofNullable(lastSeen));
  }

  /**
   * Stops streaming: cancels the stream, ends a backoff wait, and waits up to 5 s for the thread
   * (not when called from the consumer itself). Idempotent.
   */
  @Override
  public void close() {
    Thread toJoin;
    Context.CancellableContext toCancel;
    synchronized (lock) {
      boolean first = !closed;
      closed = true;
      toJoin = worker;
      toCancel = first ? activeCall : null;
      // Interrupt only a backoff sleep: the consumer must never see an interrupt from us.
      if (first && sleeping) {
        worker.interrupt();
      }
    }
    if (toCancel != null) {
      toCancel.cancel(null);
    }
    if (toJoin == null) {
      if (state.phase() != Phase.STOPPED) {
        setState(RelayState.of(Phase.STOPPED, clock.instant()));
      }
      return;
    }
    if (toJoin != Thread.currentThread()) {
      try {
        toJoin.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (toJoin.isAlive()) {
        LOG.warn(
            "relay flow source for {} did not stop within {}: its consumer is still busy",
            config.target(),
            CLOSE_WAIT);
      }
    }
  }

  private void run() {
    try {
      int failuresInARow = 0;
      boolean firstAttempt = true;
      String previousReason = null;
      while (!isClosed()) {
        if (!firstAttempt) {
          reconnects.incrementAndGet();
        }
        firstAttempt = false;
        setState(RelayState.of(Phase.CONNECTING, clock.instant()));
        Attempt attempt = stream();
        if (attempt == null || isClosed()) {
          break;
        }
        failuresInARow = attempt.connected() ? 1 : failuresInARow + 1;
        Duration delay = backoff.delay(failuresInARow, random.nextDouble());
        setState(RelayState.disconnected(clock.instant(), attempt.reason()));
        // Warn on a new problem; repeats of the same failure while retrying go to debug.
        boolean news = failuresInARow == 1 || !attempt.reason().equals(previousReason);
        previousReason = attempt.reason();
        if (news) {
          LOG.warn(
              "Hubble Relay stream from {} ended: {}; reconnecting in {} ms",
              config.target(),
              attempt.reason(),
              delay.toMillis());
        } else {
          LOG.debug(
              "Hubble Relay {} still unreachable ({} attempts): {}; next in {} ms",
              config.target(),
              failuresInARow,
              attempt.reason(),
              delay.toMillis());
        }
        if (!pause(delay)) {
          break;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("relay flow source for {} failed", config.target(), e);
      throw e;
    } finally {
      setState(RelayState.of(Phase.STOPPED, clock.instant()));
    }
  }

  /** Outcome of one stream: whether it got as far as CONNECTED, and why it ended. */
  private record Attempt(boolean connected, String reason) {}

  /** What the call listener hands over to the worker thread. */
  private sealed interface Event {}

  private record Headers() implements Event {}

  private record Message(GetFlowsResponse response) implements Event {}

  private record Closed(Status status) implements Event {}

  /** Runs one stream to its end; null when the source was closed meanwhile. */
  private Attempt stream() {
    ManagedChannel channel;
    try {
      channel = channels.open();
    } catch (RuntimeException e) {
      return new Attempt(false, "cannot open a channel to " + config.target() + ": " + message(e));
    }
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      synchronized (lock) {
        if (closed) {
          return null;
        }
        activeCall = context;
      }
      BlockingQueue<Event> events = new LinkedBlockingQueue<>();
      GetFlowsRequest request = requests.request(resume.since());
      ClientCall<GetFlowsRequest, GetFlowsResponse> call;
      Context previous = context.attach();
      try {
        // Created while the cancellable context is current, so close() cancels the call.
        call = channel.newCall(ObserverGrpc.getGetFlowsMethod(), CallOptions.DEFAULT);
        call.start(new QueueingListener(events), new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(1);
      } finally {
        context.detach(previous);
      }
      boolean connected = false;
      while (true) {
        Event event = events.take();
        if (isClosed()) {
          return null; // deliver nothing after close(), even a message already received
        }
        if (event instanceof Closed c) {
          return new Attempt(connected, describe(c.status()));
        }
        if (!connected) {
          connected = true;
          setState(RelayState.of(Phase.CONNECTED, clock.instant()));
          LOG.info(
              "Hubble Relay stream from {} connected (since {})",
              config.target(),
              request.hasSince() ? resume.since().orElseThrow() : "now");
        }
        if (event instanceof Message m) {
          handle(m.response());
          call.request(1);
        }
      }
    } catch (InterruptedException e) {
      // Not expected (only backoff sleeps are interrupted); treat it as a request to stop.
      Thread.currentThread().interrupt();
      return null;
    } catch (RuntimeException e) {
      return new Attempt(false, "stream to " + config.target() + " failed: " + message(e));
    } finally {
      synchronized (lock) {
        activeCall = null;
      }
      context.cancel(null);
      shutdown(channel);
    }
  }

  private void handle(GetFlowsResponse response) {
    switch (response.getResponseTypesCase()) {
      case FLOW -> {
        HubbleFlow flow = mapper.map(response);
        if (!resume.admit(flow.time(), dedupKey(response.getFlow()))) {
          duplicatesSkipped.incrementAndGet();
          return;
        }
        resume.since().ifPresent(t -> lastSeen = t);
        flowsReceived.incrementAndGet();
        try {
          consumer.accept(flow);
        } catch (RuntimeException e) {
          if (consumerFailures.getAndIncrement() == 0) {
            LOG.error("consumer of relay flows failed (logged once, then counted)", e);
          }
        }
      }
      case LOST_EVENTS -> eventsLost.addAndGet(response.getLostEvents().getNumEventsLost());
      case RESPONSETYPES_NOT_SET -> {
        // node_status and any other event this schema leaves out: a sign of life only
      }
    }
  }

  private static Object dedupKey(Flow flow) {
    return flow.getUuid().isEmpty() ? flow.toByteString() : flow.getUuid();
  }

  /** Waits out a backoff delay; false when the source was closed before or during it. */
  private boolean pause(Duration delay) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      sleeping = true;
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      // close() woke us; the loop checks closed below
    } finally {
      synchronized (lock) {
        sleeping = false;
        // An interrupt from close() may land just after the sleep returned: clear it here so it
        // never reaches the consumer.
        Thread.interrupted();
      }
    }
    return !isClosed();
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void setState(RelayState next) {
    state = next;
    try {
      stateListener.accept(next);
    } catch (RuntimeException e) {
      LOG.warn("relay state listener failed on {}", next, e);
    }
  }

  private static void shutdown(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(CHANNEL_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Status status) {
    if (status.isOk()) {
      return "stream ended by the server";
    }
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null) {
      text.append(" (").append(message(status.getCause())).append(')');
    }
    // One line: the reason ends up in logs and in the operator's status.
    return text.toString().replaceAll("\\s+", " ");
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Forwards call events to the worker; runs on gRPC's executor. */
  private static final class QueueingListener extends ClientCall.Listener<GetFlowsResponse> {
    private final BlockingQueue<Event> events;

    QueueingListener(BlockingQueue<Event> events) {
      this.events = events;
    }

    @Override
    public void onHeaders(Metadata headers) {
      events.add(new Headers());
    }

    @Override
    public void onMessage(GetFlowsResponse message) {
      events.add(new Message(message));
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      events.add(new Closed(status));
    }
  }
}
