package dev.netseg.flows.relay;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Hubble Relay's Observer service that behaves like the real one where the client
 * depends on it: it keeps a buffer of past flows, replays those at or after {@code since}
 * (inclusive, as Hubble does), then follows with new flows; without {@code since} a follow request
 * gets only new flows. Like Relay it opens each stream with a {@code node_status} message, which
 * the client's schema leaves out (field 2), so it arrives as an unknown field.
 */
final class FakeHubble extends ObserverGrpc.ObserverImplBase {
  final List<GetFlowsRequest> requests = new CopyOnWriteArrayList<>();
  private final List<GetFlowsResponse> buffer = new ArrayList<>();
  private final List<ServerCallStreamObserver<GetFlowsResponse>> followers = new ArrayList<>();
  private int rejectNext;

  static GetFlowsResponse nodeStatus() {
    ByteString nodeStatusEvent =
        UnknownFieldSet.newBuilder()
            .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(1).build()) // state_change
            .build()
            .toByteString();
    return GetFlowsResponse.newBuilder()
        .setUnknownFields(
            UnknownFieldSet.newBuilder()
                .addField(
                    2,
                    UnknownFieldSet.Field.newBuilder().addLengthDelimited(nodeStatusEvent).build())
                .build())
        .build();
  }

  @Override
  public synchronized void getFlows(
      GetFlowsRequest request, StreamObserver<GetFlowsResponse> responses) {
    requests.add(request);
    if (rejectNext > 0) {
      rejectNext--;
      responses.onError(Status.UNAVAILABLE.withDescription("relay not ready").asRuntimeException());
      return;
    }
    responses.onNext(nodeStatus());
    if (request.hasSince()) {
      Instant since =
          Instant.ofEpochSecond(request.getSince().getSeconds(), request.getSince().getNanos());
      for (GetFlowsResponse past : buffer) {
        if (!time(past).isBefore(since)) {
          responses.onNext(past);
        }
      }
    }
    followers.add((ServerCallStreamObserver<GetFlowsResponse>) responses);
  }

  /** Records a response in the buffer and sends it to every open stream. */
  synchronized void publish(GetFlowsResponse response) {
    if (response.hasFlow()) {
      buffer.add(response);
    }
    // A client that went away cancelled its call; sending to it would throw.
    followers.removeIf(ServerCallStreamObserver::isCancelled);
    for (StreamObserver<GetFlowsResponse> follower : followers) {
      follower.onNext(response);
    }
  }

  /** Ends every open stream with {@code status}, as Relay does when it restarts or fails. */
  synchronized void dropStreams(Status status) {
    followers.removeIf(ServerCallStreamObserver::isCancelled);
    for (StreamObserver<GetFlowsResponse> follower : followers) {
      follower.onError(status.asRuntimeException());
    }
    followers.clear();
  }

  /** Makes the next {@code n} calls fail at once with UNAVAILABLE, before any message. */
  synchronized void rejectNext(int n) {
    rejectNext = n;
  }

  private static Instant time(GetFlowsResponse response) {
    return Instant.ofEpochSecond(
        response.getFlow().getTime().getSeconds(), response.getFlow().getTime().getNanos());
  }
}
