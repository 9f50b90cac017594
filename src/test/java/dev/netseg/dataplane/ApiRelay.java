package dev.netseg.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The test JVM's half of the path from kube-router (inside the node namespace) to the API server
 * (on this machine's loopback): a Unix socket file, which every network namespace can reach, whose
 * connections are forwarded to the API server's port. The other half is {@link NetnsAgent}'s {@code
 * relay}, which listens on the node namespace's loopback. Bytes pass through unchanged (TLS ends at
 * the API server).
 */
final class ApiRelay implements AutoCloseable {
  private final Path socketFile;
  private final ServerSocketChannel server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "api-relay");
            t.setDaemon(true);
            return t;
          });

  private ApiRelay(Path socketFile, ServerSocketChannel server) {
    this.socketFile = socketFile;
    this.server = server;
  }

  /** Serves {@code socketFile}, forwarding to {@code 127.0.0.1:apiPort}. */
  static ApiRelay start(Path socketFile, int apiPort) {
    try {
      Files.deleteIfExists(socketFile);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socketFile));
      ApiRelay relay = new ApiRelay(socketFile, server);
      relay.threads.execute(() -> relay.serve(apiPort));
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + socketFile, e);
    }
  }

  Path socketFile() {
    return socketFile;
  }

  private void serve(int apiPort) {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        SocketChannel upstream;
        try {
          upstream = SocketChannel.open(new InetSocketAddress("127.0.0.1", apiPort));
        } catch (IOException e) {
          client.close();
          continue; // the API server is restarting or gone: kube-router retries
        }
        Pump.both(client, upstream, threads);
      } catch (IOException e) {
        // closed
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    threads.shutdownNow();
    try {
      Files.deleteIfExists(socketFile);
    } catch (IOException e) {
      // the run's sweep takes it
    }
  }
}
