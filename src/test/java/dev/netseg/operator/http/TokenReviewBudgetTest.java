package dev.netseg.operator.http;

import static dev.netseg.operator.http.LoopbackClients.exchange;
import static dev.netseg.operator.http.LoopbackClients.post;
import static dev.netseg.operator.http.TestEndpoints.FLOWS;
import static dev.netseg.operator.http.TestEndpoints.GOOD;
import static dev.netseg.operator.http.TestEndpoints.LINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bearer token costs a TokenReview (an API server request) only when its answer is not known yet,
 * and one client cannot make more than a few: garbage tokens must not turn into a flood of requests
 * to the API server. The clock stands still here, so no rate allowance refills.
 */
class TokenReviewBudgetTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);

  /** The TokenReviews a single client may cause at once before it is answered 429. */
  private static final int BURST = 10;

  private TestEndpoints endpoints;

  @BeforeEach
  void start() throws IOException {
    endpoints = new TestEndpoints();
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  private LoopbackClients.Reply postWith(String token) throws IOException {
    return exchange(endpoints.flowPort(), post(FLOWS, token, LINE), WITHIN);
  }

  @Test
  void twoHundredGarbageTokensCostABoundedNumberOfReviews() throws IOException {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      LoopbackClients.Reply reply = postWith("garbage-" + i);
      statuses.add(reply.status());
      if (reply.status() == 429) {
        assertThat(Integer.parseInt(reply.headers().get("retry-after"))).isPositive();
      }
    }
    assertThat(endpoints.reviews).hasValueLessThanOrEqualTo(BURST);
    assertThat(statuses).containsOnly(401, 429);
    assertThat(statuses.subList(0, BURST)).containsOnly(401);
    assertThat(endpoints.posted).isEmpty();
  }

  @Test
  void aRepeatedTokenCostsOneReviewWhileItsAnswerIsCached() throws IOException {
    for (int i = 0; i < 50; i++) {
      assertThat(postWith("the-same-garbage").status()).isEqualTo(401);
    }
    assertThat(endpoints.reviews).hasValue(1);
    for (int i = 0; i < 50; i++) {
      assertThat(postWith(GOOD).status()).isEqualTo(200);
    }
    assertThat(endpoints.reviews).hasValue(2);
  }

  @Test
  void aThrottledClientWithAKnownTokenIsStillServed() throws IOException {
    assertThat(postWith(GOOD).status()).isEqualTo(200);
    for (int i = 0; i < 2 * BURST; i++) {
      postWith("garbage-" + i);
    }
    assertThat(postWith("one-more-garbage").status()).isEqualTo(429);
    int reviews = endpoints.reviews.get();
    assertThat(postWith(GOOD).status()).isEqualTo(200);
    assertThat(endpoints.reviews).hasValue(reviews);
  }
}
