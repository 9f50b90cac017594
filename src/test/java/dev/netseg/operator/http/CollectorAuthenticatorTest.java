package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.operator.http.CollectorAuthenticator.Result;
import dev.netseg.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is remembered, for how long, and how many reviews each client may cause. */
class CollectorAuthenticatorTest {
  private static final String USER = "system:serviceaccount:monitoring:collector";

  private final TestClock clock = new TestClock(Instant.parse("2026-11-01T10:00:00Z"));
  private final List<String> reviewed = new ArrayList<>();
  private boolean apiServerDown;
  private final TokenAuthenticator reviews =
      token -> {
        if (apiServerDown) {
          throw new TokenAuthenticator.AuthenticationUnavailableException("down", null);
        }
        reviewed.add(token);
        return token.equals("good") ? Optional.of(USER) : Optional.empty();
      };
  private final CollectorAuthenticator auth = new CollectorAuthenticator(reviews, clock);

  @Test
  void aValidAnswerIsRememberedForAMinuteAndAnInvalidOneForTenSeconds() {
    assertThat(auth.authenticate("good", "10.0.0.1")).isEqualTo(new Result.Authenticated(USER));
    assertThat(auth.authenticate("bad", "10.0.0.1")).isEqualTo(new Result.Invalid());
    clock.advance(Duration.ofSeconds(9));
    auth.authenticate("good", "10.0.0.1");
    auth.authenticate("bad", "10.0.0.1");
    assertThat(reviewed).containsExactly("good", "bad");

    clock.advance(Duration.ofSeconds(2)); // 11 s: the invalid answer is too old
    auth.authenticate("good", "10.0.0.1");
    auth.authenticate("bad", "10.0.0.1");
    assertThat(reviewed).containsExactly("good", "bad", "bad");

    clock.advance(Duration.ofSeconds(50)); // 61 s: so is the valid one
    assertThat(auth.authenticate("good", "10.0.0.1")).isEqualTo(new Result.Authenticated(USER));
    assertThat(reviewed).containsExactly("good", "bad", "bad", "good");
  }

  @Test
  void eachClientHasItsOwnAllowanceWhichRefillsOnePerSecond() {
    for (int i = 0; i < CollectorAuthenticator.BURST; i++) {
      assertThat(auth.authenticate("bad-" + i, "10.0.0.1")).isEqualTo(new Result.Invalid());
    }
    assertThat(auth.authenticate("bad-x", "10.0.0.1"))
        .isEqualTo(new Result.Throttled(Duration.ofSeconds(1)));
    assertThat(auth.authenticate("bad-y", "10.0.0.2")).isEqualTo(new Result.Invalid());
    assertThat(reviewed).hasSize(CollectorAuthenticator.BURST + 1);

    clock.advance(Duration.ofMillis(400));
    assertThat(auth.authenticate("bad-x", "10.0.0.1"))
        .isEqualTo(new Result.Throttled(Duration.ofMillis(600)));
    clock.advance(Duration.ofMillis(600));
    assertThat(auth.authenticate("bad-x", "10.0.0.1")).isEqualTo(new Result.Invalid());
    assertThat(auth.authenticate("bad-z", "10.0.0.1")).isInstanceOf(Result.Throttled.class);

    clock.advance(Duration.ofMinutes(1)); // a full bucket again, and no more
    for (int i = 0; i < CollectorAuthenticator.BURST; i++) {
      assertThat(auth.authenticate("later-" + i, "10.0.0.1")).isEqualTo(new Result.Invalid());
    }
    assertThat(auth.authenticate("later-x", "10.0.0.1")).isInstanceOf(Result.Throttled.class);
  }

  @Test
  void anUnreachableApiServerIsNotRemembered() {
    apiServerDown = true;
    assertThatThrownBy(() -> auth.authenticate("good", "10.0.0.1"))
        .isInstanceOf(TokenAuthenticator.AuthenticationUnavailableException.class);
    apiServerDown = false;
    assertThat(auth.authenticate("good", "10.0.0.1")).isEqualTo(new Result.Authenticated(USER));
  }

  @Test
  void garbageTokensCannotPushAValidOneOutOfTheCache() {
    TokenCache cache = new TokenCache(Duration.ofMinutes(1), Duration.ofSeconds(10), 3, clock);
    cache.put("good", new TokenCache.Review(Optional.of(USER)));
    for (int i = 0; i < 10; i++) {
      cache.put("bad-" + i, new TokenCache.Review(Optional.empty()));
    }
    assertThat(cache.get("good")).contains(new TokenCache.Review(Optional.of(USER)));
    assertThat(cache.get("bad-0")).isEmpty(); // the oldest garbage went
    assertThat(cache.get("bad-9")).contains(new TokenCache.Review(Optional.empty()));
  }
}
