package dev.netseg.operator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/flows}: netseg JSON-lines records from a collector. Anyone who can inject
 * flows could open holes in the policies, so the caller must present a ServiceAccount token that a
 * TokenReview confirms and that is on the allowed list; the identity is checked before the body is
 * read, and a refused request records nothing. Reviews are remembered and limited per client
 * ({@link CollectorAuthenticator}): a client beyond its allowance is answered 429 with {@code
 * Retry-After}. Bodies are bounded in size, and read without holding a worker while the client is
 * slow; a body that is not complete when the request time runs out is answered 408 and the
 * connection closed.
 */
public final class FlowIngestHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(FlowIngestHandler.class);

  private final CollectorAuthenticator authenticator;
  private final Set<String> allowedUsers;
  private final long maxBodyBytes;
  private final FlowBatchSink sink;

  /**
   * @param allowedUsers user names allowed to post, e.g. {@code
   *     system:serviceaccount:monitoring:flow-exporter}
   */
  public FlowIngestHandler(
      CollectorAuthenticator authenticator,
      Set<String> allowedUsers,
      long maxBodyBytes,
      FlowBatchSink sink) {
    this.authenticator = authenticator;
    this.allowedUsers = Set.copyOf(allowedUsers);
    this.maxBodyBytes = maxBodyBytes;
    this.sink = sink;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      refuse(request, response, callback, 405, "only POST is allowed");
      return true;
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      refuse(request, response, callback, 401, "a ServiceAccount bearer token is required");
      return true;
    }
    CollectorAuthenticator.Result result;
    try {
      result = authenticator.authenticate(auth.substring(7).trim(), Request.getRemoteAddr(request));
    } catch (TokenAuthenticator.AuthenticationUnavailableException e) {
      LOG.warn("Cannot authenticate a flow collector: {}", e.getMessage());
      refuse(request, response, callback, 503, "authentication is unavailable, retry later");
      return true;
    }
    if (result instanceof CollectorAuthenticator.Result.Throttled t) {
      long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
      refuse(
          request,
          response,
          callback,
          429,
          "too many new bearer tokens from this client; retry later");
      return true;
    }
    if (!(result instanceof CollectorAuthenticator.Result.Authenticated authenticated)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      refuse(request, response, callback, 401, "the token is not valid");
      return true;
    }
    String user = authenticated.user();
    if (!allowedUsers.contains(user)) {
      LOG.warn(
          "Refused flows from {}: not in the allowed collectors; add it to"
              + " --flow-ingest-allowed to accept them",
          user);
      refuse(request, response, callback, 403, user + " may not post flows");
      return true;
    }
    if (request.getLength() > 2 * maxBodyBytes) {
      tooLarge(response, callback, false); // too much to read and drop: answer and close
      return true;
    }
    String collector = user;
    BodyReader.read(
        request,
        maxBodyBytes,
        new BodyReader.Listener() {
          @Override
          public void onBody(byte[] body) {
            accept(collector, body, response, callback);
          }

          @Override
          public void onTooLarge(boolean drained) {
            tooLarge(response, callback, drained);
          }

          @Override
          public void onFailure(Throwable failure) {
            if (failure instanceof TimeoutException) {
              response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
              Responses.json(
                  response,
                  callback,
                  408,
                  Map.of("error", "the body did not arrive in time: " + failure.getMessage()));
            } else {
              callback.failed(failure);
            }
          }
        });
    return true;
  }

  private void accept(String collector, byte[] body, Response response, Callback callback) {
    FlowBatchSink.BatchResult result;
    try {
      List<String> lines =
          new String(body, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      result = sink.accept(collector, lines);
    } catch (RuntimeException e) {
      LOG.error("Learning a batch of flows from {} failed", collector, e);
      callback.failed(e);
      return;
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accepted", result.accepted());
    summary.put("unresolved", new TreeMap<>(result.unresolvedByReason()));
    summary.put("rejected", new TreeMap<>(result.rejectedByReason()));
    Responses.json(response, callback, 200, summary);
  }

  /**
   * Answers a refused request once its body is read and dropped (up to the body limit), so that the
   * answer is not lost to a connection reset and the connection can be used again.
   */
  private void refuse(
      Request request, Response response, Callback callback, int status, String error) {
    BodyReader.discard(
        request,
        maxBodyBytes,
        new BodyReader.Listener() {
          @Override
          public void onBody(byte[] body) {
            Responses.json(response, callback, status, Map.of("error", error));
          }

          @Override
          public void onTooLarge(boolean drained) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            Responses.json(response, callback, status, Map.of("error", error));
          }

          @Override
          public void onFailure(Throwable failure) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            Responses.json(response, callback, status, Map.of("error", error));
          }
        });
  }

  private void tooLarge(Response response, Callback callback, boolean drained) {
    if (!drained) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
    }
    Responses.json(
        response, callback, 413, Map.of("error", "body larger than " + maxBodyBytes + " bytes"));
  }
}
