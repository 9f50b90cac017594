package dev.netseg.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.testing.TestClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events on the CRUD mock: a repeat of the same event on the same object is counted on the Event it
 * first created (as Kubernetes' own recorders do), so that every occurrence shows in {@code kubectl
 * get events} and {@code kubectl describe} as "(x2 over 11m)".
 */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  KubernetesClient client;
  KubernetesMockServer server;

  private final TestClock clock = new TestClock(T0);
  private final SegmentationProfile profile = profile("shop", "uid-shop");
  private EventRecorder recorder;

  @BeforeEach
  void recorder() {
    recorder = new EventRecorder(client, clock);
  }

  @Test
  void theSamePolicyWriteAfterTenMinutesIsCountedOnTheFirstEvent() {
    recorder.record(
        profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied netseg-cart; deleted none");
    clock.advance(Duration.ofMinutes(11));
    recorder.record(
        profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied netseg-cart; deleted none");

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("PoliciesApplied");
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-01T10:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-11-01T10:11:00Z");
            });
  }

  @Test
  void aRepeatWithinTenMinutesIsCountedNotDropped() {
    for (int i = 0; i < 3; i++) {
      recorder.record(profile, EventRecorder.Type.Warning, "ChangeHeld", "change held: ...");
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(3);
              assertThat(e.getLastTimestamp()).isEqualTo("2026-11-01T10:02:00Z");
            });
  }

  @Test
  void distinctMessagesReasonsAndTypesAreDistinctEvents() {
    // All at the same instant, as the events of one reconcile can be.
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied b");
    recorder.record(profile, EventRecorder.Type.Warning, "PoliciesApplied", "applied b");
    recorder.record(profile, EventRecorder.Type.Warning, "RefusedFlows", "applied b");
    recorder.record(profile("other", "uid-other"), EventRecorder.Type.Normal, "X", "applied a");

    assertThat(events())
        .extracting(
            e ->
                e.getInvolvedObject().getName()
                    + " "
                    + e.getType()
                    + " "
                    + e.getReason()
                    + " "
                    + e.getMessage()
                    + " x"
                    + e.getCount())
        .containsExactlyInAnyOrder(
            "shop Normal PoliciesApplied applied a x1",
            "shop Normal PoliciesApplied applied b x1",
            "shop Warning PoliciesApplied applied b x1",
            "shop Warning RefusedFlows applied b x1",
            "other Normal X applied a x1");
  }

  @Test
  void anEventThatExpiredIsCreatedAgainWithItsCount() {
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");
    // The API server deletes Events after their TTL (--event-ttl, 1 h by default).
    client.v1().events().inNamespace("shop").delete();
    assertThat(events()).isEmpty();
    clock.advance(Duration.ofMinutes(70));

    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage()).isEqualTo("applied a");
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-01T10:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-11-01T11:10:00Z");
            });
    // ... and counted on from there.
    clock.advance(Duration.ofMinutes(1));
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");
    assertThat(events()).singleElement().extracting(Event::getCount).isEqualTo(3);
  }

  @Test
  void onlyCreatesAndPatchesCoreEvents() throws InterruptedException {
    // The chart grants exactly create and patch on events (core group): no get, list or update.
    drainRequests();
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");
    clock.advance(Duration.ofMinutes(11));
    recorder.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "applied a");
    recorder.record(profile, EventRecorder.Type.Warning, "ChangeHeld", "held");

    assertThat(drainRequests())
        .allSatisfy(r -> assertThat(r).matches("(POST|PATCH) /api/v1/namespaces/shop/events.*"))
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactly("POST", "PATCH", "POST");
  }

  @Test
  void aFailureToRecordIsLoggedNotThrown() {
    EventRecorder unreachable =
        new EventRecorder(
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build(),
            clock);

    assertThat(unreachable.record(profile, EventRecorder.Type.Normal, "PoliciesApplied", "a"))
        .isFalse();
  }

  @Test
  void remembersABoundedNumberOfEventsAndStartsANewEventForOneItForgot() {
    EventRecorder forgetful = new EventRecorder(client, clock, 2);
    forgetful.record(profile, EventRecorder.Type.Normal, "A", "a");
    forgetful.record(profile, EventRecorder.Type.Normal, "B", "b");
    forgetful.record(profile, EventRecorder.Type.Normal, "A", "a"); // counted: A is remembered
    forgetful.record(profile, EventRecorder.Type.Normal, "C", "c"); // B, the eldest, is forgotten
    forgetful.record(profile, EventRecorder.Type.Normal, "B", "b");

    assertThat(events())
        .extracting(e -> e.getReason() + " x" + e.getCount())
        .containsExactlyInAnyOrder("A x2", "B x1", "B x1", "C x1");
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems().stream()
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }

  /** "METHOD path" of every request the mock received since the last call. */
  private List<String> drainRequests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      requests.add(r.getMethod() + " " + r.getPath());
    }
    return requests;
  }

  private static SegmentationProfile profile(String name, String uid) {
    SegmentationProfile p = new SegmentationProfile();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("shop")
            .withName(name)
            .withUid(uid)
            .withResourceVersion("7")
            .build());
    return p;
  }
}
