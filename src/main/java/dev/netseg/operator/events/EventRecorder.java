package dev.netseg.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that emits Kubernetes Events, as core {@code v1} Events (what {@code kubectl get
 * events} and {@code kubectl describe} read). Like Kubernetes' own event recorders, it aggregates
 * instead of dropping: a repeat of the same event (same object, type, reason and message) adds one
 * to the {@code count} of the Event it created and moves its {@code lastTimestamp}, with a merge
 * PATCH of that Event, so that {@code kubectl describe} shows "(x3 over 12m)" and every occurrence
 * is visible. When that Event has expired (the API server deletes Events after {@code --event-ttl},
 * an hour by default), the repeat creates a new one that carries the count and first timestamp on.
 *
 * <p>Only {@code create} and {@code patch} on {@code events} are used (the chart grants no more):
 * the recorder remembers the name of each Event it created, for the last {@value MAX_REMEMBERED}
 * distinct events; an event it no longer remembers (evicted, or recorded before a restart) starts a
 * new Event. A failure to record is logged, never thrown: an event is worth less than the reconcile
 * that reports it.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "netseg-operator";

  /** How many distinct events (object, type, reason, message) are remembered for aggregation. */
  static final int MAX_REMEMBERED = 4096;

  /** An Event's name is the object's name, a dot and up to 16 hex digits: 253 at most. */
  private static final int MAX_NAME_PREFIX = 253 - 17;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<Key, Recorded> recorded;

  /** The time part of the last Event name given out, in nanoseconds: names never repeat. */
  private final AtomicLong lastNameNanos = new AtomicLong();

  public enum Type {
    Normal,
    Warning
  }

  /** What makes two events the same event. */
  private record Key(String uid, Type type, String reason, String message) {}

  /** The Event created for a key, and what it says now. */
  private record Recorded(String name, int count, Instant first) {}

  public EventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, MAX_REMEMBERED);
  }

  EventRecorder(KubernetesClient client, Clock clock, int maxRemembered) {
    this.client = client;
    this.clock = clock;
    this.recorded =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Recorded> eldest) {
            return size() > maxRemembered;
          }
        };
  }

  /**
   * Records an event on {@code object}: creates an Event, or counts a repeat on the one created
   * before.
   *
   * @param reason a CamelCase reason, e.g. {@code PoliciesApplied}, {@code ChangeHeld}
   * @return whether the API server took the event
   */
  public boolean record(HasMetadata object, Type type, String reason, String message) {
    String text = truncate(message);
    Key key = new Key(object.getMetadata().getUid(), type, reason, text);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Recorded last;
    synchronized (recorded) {
      last = recorded.get(key);
    }
    try {
      Recorded written =
          last == null
              ? create(object, type, reason, text, new Recorded(null, 1, now), now)
              : repeat(object, type, reason, text, last, now);
      synchronized (recorded) {
        recorded.put(key, written);
      }
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record event {} on {} {}/{} ({}); it is left out of kubectl get events",
          reason,
          object.getKind(),
          object.getMetadata().getNamespace(),
          object.getMetadata().getName(),
          describe(e));
      return false;
    }
  }

  /** Counts one more occurrence on the Event created before, or on a new one if it expired. */
  private Recorded repeat(
      HasMetadata object, Type type, String reason, String text, Recorded last, Instant now) {
    Recorded next = new Recorded(last.name(), last.count() + 1, last.first());
    try {
      client
          .v1()
          .events()
          .inNamespace(object.getMetadata().getNamespace())
          .resource(reference(object.getMetadata().getNamespace(), last.name()))
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":%d,\"lastTimestamp\":\"%s\"}".formatted(next.count(), now));
      return next;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      LOG.debug("Event {} is gone (expired); creating it again", last.name());
      return create(object, type, reason, text, next, now);
    }
  }

  /** Creates an Event saying {@code occurrence.count()} times since {@code occurrence.first()}. */
  private Recorded create(
      HasMetadata object, Type type, String reason, String text, Recorded occurrence, Instant now) {
    String namespace = object.getMetadata().getNamespace();
    String name = newName(object.getMetadata().getName(), now);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withNamespace(namespace)
                    .withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(type.name())
            .withReason(reason)
            .withMessage(text)
            .withFirstTimestamp(occurrence.first().toString())
            .withLastTimestamp(now.toString())
            .withCount(occurrence.count())
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    client.v1().events().inNamespace(namespace).resource(event).create();
    return new Recorded(name, occurrence.count(), occurrence.first());
  }

  /**
   * {@code <object>.<hex nanoseconds>}, as Kubernetes names Events, made unique within this
   * recorder: two events of one reconcile can carry the same clock reading.
   */
  private String newName(String objectName, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long unique = lastNameNanos.updateAndGet(previous -> Math.max(previous + 1, nanos));
    String prefix =
        objectName.length() > MAX_NAME_PREFIX
            ? objectName.substring(0, MAX_NAME_PREFIX)
            : objectName;
    return prefix + "." + Long.toHexString(unique);
  }

  /** Just enough of an Event to address it: a PATCH needs no more, and no GET is made. */
  private static Event reference(String namespace, String name) {
    return new EventBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .build();
  }

  private static String describe(KubernetesClientException e) {
    if (e.getCode() > 0) {
      return "HTTP " + e.getCode() + ": " + e.getMessage();
    }
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause == e ? e.getMessage() : e.getMessage() + " " + cause;
  }

  /** Events hold at most 1 KiB of message in practice; keep them readable. */
  private static String truncate(String message) {
    return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
