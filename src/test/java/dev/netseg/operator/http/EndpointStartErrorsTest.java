package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A port that cannot be listened on is named, with the endpoint, in one line. */
class EndpointStartErrorsTest {

  @Test
  void aTakenPortIsNamedWithTheEndpoint() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, LoopbackClients.LOOPBACK)) {
      int port = taken.getLocalPort();
      HttpEndpoints endpoints =
          new HttpEndpoints(
              "probes and metrics",
              new InetSocketAddress(LoopbackClients.LOOPBACK, port),
              HttpEndpoints.Limits.PROBES,
              Optional.empty(),
              Map.of("/healthz", new ProbeHandler(Optional::empty)));
      try {
        assertThatThrownBy(endpoints::start)
            .hasMessage(
                "cannot listen on port " + port + " (probes and metrics): address already in use");
      } finally {
        endpoints.close();
      }
    }
  }
}
