package dev.netseg.operator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 clients on loopback sockets, written by hand so that they can misbehave on purpose (stop
 * in the middle of a request line, trickle a body). Every socket opened through an instance is
 * closed by {@link #close()}; {@link #exchange} closes its own.
 */
final class LoopbackClients implements AutoCloseable {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<Socket> open = new ArrayList<>();

  /** A connected socket that stays open until {@link #close()}. */
  Socket connect(int port) throws IOException {
    return connect(port, java.time.Duration.ofSeconds(5));
  }

  /** As {@link #connect(int)}, failing when the connection is not made within {@code timeout}. */
  Socket connect(int port, java.time.Duration timeout) throws IOException {
    Socket socket = new Socket();
    synchronized (open) {
      open.add(socket);
    }
    socket.connect(new InetSocketAddress(LOOPBACK, port), Math.toIntExact(timeout.toMillis()));
    return socket;
  }

  /** Connects and sends {@code text}, then nothing more. */
  Socket send(int port, String text) throws IOException {
    Socket socket = connect(port);
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  @Override
  public void close() {
    synchronized (open) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      open.clear();
    }
  }

  /** What came back: the status, the headers (names in lower case) and the body as text. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply parse(String raw) throws IOException {
      int end = raw.indexOf("\r\n\r\n");
      if (!raw.startsWith("HTTP/1.") || end < 0) {
        throw new IOException("not an HTTP response: " + raw);
      }
      String[] lines = raw.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Reply(status, headers, raw.substring(end + 4));
    }
  }

  /**
   * Sends one request (which must ask for {@code Connection: close}) on a new connection and reads
   * the whole response; fails when it has not come completely within {@code within}.
   */
  static Reply exchange(int port, String request, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), (int) within.toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("no complete answer within " + within);
        }
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException(
              "no complete answer within "
                  + within
                  + "; got: "
                  + out.toString(StandardCharsets.UTF_8));
        }
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
      }
      return Reply.parse(out.toString(StandardCharsets.UTF_8));
    }
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  }

  static String post(String path, String token, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Type: application/x-ndjson\r\nContent-Length: "
        + bytes.length
        + "\r\n\r\n"
        + new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
