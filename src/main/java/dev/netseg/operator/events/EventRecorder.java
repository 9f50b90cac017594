package dev.netseg.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that emits Kubernetes Events. The same event for the same object is not repeated
 * within a quiet period, so that a periodic resync that finds the same problem does not flood
 * {@code kubectl describe}. A failure to record an event is logged, never fatal.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_REMEMBERED = 4096;
  public static final String COMPONENT = "netseg-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration quietPeriod;
  private final Map<String, Instant> lastEmitted =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  public enum Type {
    Normal,
    Warning
  }

  public EventRecorder(KubernetesClient client, Clock clock, Duration quietPeriod) {
    this.client = client;
    this.clock = clock;
    this.quietPeriod = quietPeriod;
  }

  /**
   * Records an event on {@code object} unless the same one was recorded within the quiet period.
   *
   * @param reason a CamelCase reason, e.g. {@code PoliciesApplied}, {@code ChangeHeld}
   * @return whether the event was sent
   */
  public boolean record(HasMetadata object, Type type, String reason, String message) {
    String key = object.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
    Instant now = clock.instant();
    synchronized (lastEmitted) {
      Instant last = lastEmitted.get(key);
      if (last != null && last.plus(quietPeriod).isAfter(now)) {
        return false;
      }
      lastEmitted.put(key, now);
    }
    String ts = now.toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(object.getMetadata().getNamespace())
            .withName(
                object.getMetadata().getName()
                    + "."
                    + HexFormat.of().toHexDigits(now.toEpochMilli() * 1000 + now.getNano() % 1000))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(type.name())
            .withReason(reason)
            .withMessage(truncate(message))
            .withFirstTimestamp(ts)
            .withLastTimestamp(ts)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(object.getMetadata().getNamespace())
          .resource(event)
          .create();
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record event {} on {}/{}: {}",
          reason,
          object.getMetadata().getNamespace(),
          object.getMetadata().getName(),
          e.getMessage());
      return false;
    }
  }

  /** Events hold at most 1 KiB of message in practice; keep them readable. */
  private static String truncate(String message) {
    return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
