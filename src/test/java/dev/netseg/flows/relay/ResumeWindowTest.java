package dev.netseg.flows.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeWindowTest {
  private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void dropsOnlyFlowsAlreadyDeliveredAtTheNewestTime() {
    ResumeWindow window = new ResumeWindow(Optional.empty());
    assertThat(window.admit(T, "a")).isTrue();
    assertThat(window.admit(T, "b")).isTrue();
    // replay after a reconnect
    assertThat(window.admit(T, "a")).isFalse();
    assertThat(window.admit(T, "b")).isFalse();
    assertThat(window.admit(T, "c")).isTrue();
    assertThat(window.since()).hasValue(T);
  }

  @Test
  void newerFlowMovesTheWindowAndForgetsOlderKeys() {
    ResumeWindow window = new ResumeWindow(Optional.empty());
    window.admit(T, "a");
    assertThat(window.admit(T.plusNanos(1), "b")).isTrue();
    assertThat(window.since()).hasValue(T.plusNanos(1));
    // Out of order (Relay merges nodes) and not part of any replay: delivered.
    assertThat(window.admit(T, "late")).isTrue();
    assertThat(window.since()).hasValue(T.plusNanos(1));
  }

  @Test
  void flowWithoutTimeIsDeliveredAndDoesNotMoveTheWindow() {
    ResumeWindow window = new ResumeWindow(Optional.of(T));
    assertThat(window.admit(null, "x")).isTrue();
    assertThat(window.admit(null, "x")).isTrue();
    assertThat(window.since()).hasValue(T);
  }

  @Test
  void startsEmptyWithoutConfiguredStart() {
    assertThat(new ResumeWindow(Optional.empty()).since()).isEmpty();
  }
}
